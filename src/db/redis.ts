import { createClient } from 'redis';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { createSignal } from '../lib/signal.js';

const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 2000;
/**
 * How long a request waits for Redis. A paused or failing-over Redis keeps its sockets open and answers
 * nothing, and node-redis waits for a written command for ever: past this the call fails like an error
 * and the limit fails open. A healthy Redis answers in well under a millisecond.
 */
export const REDIS_DEADLINE_MS = 300;

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

/** How one command ended, for redis_command_duration_seconds (docs/operations.md). */
export interface RedisCommandOutcome {
  readonly seconds: number;
  readonly outcome: 'ok' | 'error' | 'timeout';
}

export const redisCommands = createSignal<RedisCommandOutcome>();

/** The Redis of the shared rate-limit counters: every command bounded by REDIS_DEADLINE_MS. */
export interface SharedRedis {
  readonly client: RedisClient;
  /** Sends one command; rejects on an error, while Redis is away, or when no answer comes in time. */
  send<T>(args: string[]): Promise<T>;
  /** Whether Redis answered the last command (and the client is connected). */
  isUp(): boolean;
  /** A PING within the deadline: what /health/ready reports. */
  check(): Promise<boolean>;
}

class RedisTimeout extends Error {
  constructor() {
    super(`no answer within ${REDIS_DEADLINE_MS} ms`);
  }
}

/** Up or down, logged once per change: one warning per outage, never one per request. */
function outageTracker(logger: Logger) {
  let down = false;
  return {
    isDown: () => down,
    down(reason: string) {
      if (down) return;
      down = true;
      logger.warn(`redis: down (${reason}); rate limits fail open (unlimited) until it is back`);
    },
    up(first: boolean) {
      if (!down && !first) return;
      logger.info(down ? 'redis: back up; rate limits are shared again' : 'redis: up; rate limits are shared by every instance');
      down = false;
    },
  };
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message || error.name : String(error));

function deadlineSender(client: RedisClient, outage: ReturnType<typeof outageTracker>) {
  // While Redis hangs, one command at a time finds out whether it answers again; the others fail at once.
  let hung = false;
  let probing = false;
  return async <T>(args: string[]): Promise<T> => {
    if (hung && probing) throw new RedisTimeout();
    const probe = hung;
    if (probe) probing = true;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new RedisTimeout()), REDIS_DEADLINE_MS);
    });
    const outcome = (name: RedisCommandOutcome['outcome']) =>
      redisCommands.report({ seconds: (performance.now() - started) / 1000, outcome: name });
    try {
      const reply = await Promise.race([client.sendCommand<T>(args), deadline]);
      hung = false;
      outcome('ok');
      outage.up(false);
      return reply;
    } catch (error) {
      hung = error instanceof RedisTimeout;
      outcome(hung ? 'timeout' : 'error');
      outage.down(reasonOf(error));
      throw error;
    } finally {
      clearTimeout(timer);
      if (probe) probing = false;
    }
  };
}

/**
 * Connects the Redis of the shared rate-limit counters, resolved once it is connected (so the limiters
 * count from the first request) or after the connect timeout: a Redis that is down never blocks
 * start-up. While it is away or hung, commands fail within REDIS_DEADLINE_MS (limits fail open) and the
 * client keeps reconnecting.
 */
export async function connectRedis(settings: RedisSettings, logger: Logger): Promise<SharedRedis> {
  const client = newClient(settings);
  const outage = outageTracker(logger);
  let connectedOnce = false;
  client.on('error', (error: unknown) => outage.down(reasonOf(error)));
  client.on('ready', () => {
    outage.up(!connectedOnce);
    connectedOnce = true;
  });
  const connecting = client.connect().then(
    () => undefined,
    // Reported by the 'error' listener; the reconnect strategy keeps trying.
    () => undefined,
  );
  await Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, CONNECT_TIMEOUT_MS).unref())]);
  const send = deadlineSender(client, outage);
  return {
    client,
    send,
    isUp: () => client.isReady && !outage.isDown(),
    check: () =>
      send(['PING']).then(
        () => true,
        () => false,
      ),
  };
}

/** Closes the client at shutdown, whether or not it is connected. */
export async function closeRedis({ client }: SharedRedis): Promise<void> {
  if (client.isReady) await client.close().catch(() => client.destroy());
  else if (client.isOpen) client.destroy();
}
