import { createClient } from 'redis';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';

const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 2000;

type RedisSettings = NonNullable<Config['redis']>;

function newClient({ url, tlsVerify }: RedisSettings) {
  const socket = {
    connectTimeout: CONNECT_TIMEOUT_MS,
    reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), MAX_RECONNECT_DELAY_MS),
  };
  return createClient({
    url,
    // While Redis is away a command fails at once instead of waiting in a queue with the request.
    disableOfflineQueue: true,
    // A managed Redis behind a self-signed certificate (Heroku Data for Redis) is still encrypted, but
    // can only be reached with verification off: REDIS_TLS_VERIFY=false (docs/deploy-heroku.md).
    socket: url.startsWith('rediss:') ? { ...socket, tls: true as const, rejectUnauthorized: tlsVerify } : socket,
  });
}

export type RedisClient = ReturnType<typeof newClient>;

/**
 * A Redis client for the shared rate-limit counters, resolved once it is connected (so the limiters
 * count from the first request) or after the connect timeout: a Redis that is down never blocks
 * start-up. While it is away, commands fail at once (limits fail open) and the client keeps
 * reconnecting. One line is logged when it is up, one per outage and one per recovery.
 */
export async function connectRedis(settings: RedisSettings, logger: Logger): Promise<RedisClient> {
  const client = newClient(settings);
  let down = false;
  client.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    const reason = error instanceof Error ? error.message || error.name : String(error);
    logger.warn(`redis: down (${reason}); rate limits fail open (unlimited) until it is back`);
  });
  client.on('ready', () => {
    logger.info(down ? 'redis: back up; rate limits are shared again' : 'redis: up; rate limits are shared by every instance');
    down = false;
  });
  const connecting = client.connect().then(
    () => undefined,
    // Reported by the 'error' listener; the reconnect strategy keeps trying.
    () => undefined,
  );
  await Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, CONNECT_TIMEOUT_MS).unref())]);
  return client;
}

/** Closes the client at shutdown, whether or not it is connected. */
export async function closeRedis(client: RedisClient): Promise<void> {
  if (client.isReady) await client.close().catch(() => client.destroy());
  else if (client.isOpen) client.destroy();
}
