import { createClient } from 'redis';
import type { Logger } from 'pino';

const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 2000;

function newClient(url: string) {
  return createClient({
    url,
    // While Redis is away a command fails at once instead of waiting in a queue with the request.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** Math.min(retries, 5), MAX_RECONNECT_DELAY_MS),
    },
  });
}

export type RedisClient = ReturnType<typeof newClient>;

/**
 * A Redis client for the shared rate-limit counters. It never blocks start-up and never gives up:
 * while Redis is away, commands fail at once (no offline queue, so no request waits on it) and the
 * client keeps reconnecting in the background. Each outage is logged once, and so is the recovery.
 */
export function connectRedis(url: string, logger: Logger): RedisClient {
  const client = newClient(url);
  let down = false;
  client.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    logger.warn({ err: error }, 'redis unreachable: rate limits fail open (unlimited) until it is back');
  });
  client.on('ready', () => {
    if (down) logger.info('redis is back: rate limits are shared again');
    down = false;
  });
  client.connect().catch(() => {
    // Reported by the 'error' listener; the reconnect strategy keeps trying.
  });
  return client;
}

/** Closes the client at shutdown, whether or not it is connected. */
export async function closeRedis(client: RedisClient): Promise<void> {
  if (client.isReady) await client.close().catch(() => client.destroy());
  else if (client.isOpen) client.destroy();
}
