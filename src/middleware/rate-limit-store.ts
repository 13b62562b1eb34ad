import type { Options, Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { SharedRedis } from '../db/redis.js';

/** Builds the counter store of one limiter; `prefix` keeps each limiter's keys apart. */
export type StoreFactory = (prefix: string) => Store;

/**
 * Counters in Redis, shared by every instance. rate-limit-redis loads its Lua script once, at init:
 * a load that failed (Redis down at start-up) would fail every later call even after Redis is back,
 * so after any error the store is rebuilt and the next call loads the script again. Errors are
 * rethrown for express-rate-limit's `passOnStoreError` (fail open); an outage (an error or a missed
 * deadline) is logged once by SharedRedis.
 */
export function redisStores(redis: SharedRedis, logger: Logger): StoreFactory {
  let failing = false;
  return (prefix) => {
    const sendCommand = (...args: string[]) => redis.send<RedisReply>(args);
    const build = () => new RedisStore({ prefix, sendCommand });
    let options: Options | undefined;
    let inner = build();
    const guarded = async <T>(call: (store: RedisStore) => Promise<T>): Promise<T> => {
      try {
        const result = await call(inner);
        failing = false;
        return result;
      } catch (error) {
        if (!failing && redis.isUp()) logger.warn({ err: error }, `rate-limit store ${prefix} failed: failing open`);
        failing = true;
        inner = build();
        if (options) inner.init(options).catch(() => undefined);
        throw error;
      }
    };
    return {
      prefix,
      localKeys: false,
      init: (passed) => {
        options = passed;
        return inner.init(passed);
      },
      get: (key) => guarded((store) => store.get(key)),
      increment: (key) => guarded((store) => store.increment(key)),
      decrement: (key) => guarded((store) => store.decrement(key)),
      resetKey: (key) => guarded((store) => store.resetKey(key)),
    };
  };
}
