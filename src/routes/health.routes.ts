import mongoose from 'mongoose';
import type { SharedRedis } from '../db/redis.js';
import { AppError } from '../errors/app-error.js';
import { Health, Readiness } from '../schemas/common.schemas.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

/** What readiness checks: the database within its operation timeout, and Redis when one is configured. */
export interface HealthDeps {
  readonly dbOperationTimeoutMs: number;
  readonly redis?: SharedRedis | undefined;
}

async function mongoIsUp(timeoutMs: number): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== mongoose.ConnectionStates.connected || !db) return false;
  const timeout = new Promise<false>((resolve) => setTimeout(resolve, timeoutMs, false).unref());
  return Promise.race([
    db
      .admin()
      .ping()
      .then(
        () => true,
        () => false,
      ),
    timeout,
  ]);
}

/** Liveness (no database call) and readiness (the database answers a ping; Redis is reported, never required). */
export function healthRoutes({ dbOperationTimeoutMs, redis }: HealthDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      summary: 'Liveness: the process serves requests',
      success: { status: 200, description: 'Alive', schema: Health },
      errors: [],
      handler: (_req, res) => res.json({ status: 'ok' }),
    }),
    defineRoute({
      method: 'get',
      path: '/health/ready',
      summary: 'Readiness: the database is reachable (and whether Redis is, when REDIS_URL is set)',
      success: { status: 200, description: 'Ready', schema: Readiness },
      errors: ['SERVICE_UNAVAILABLE'],
      handler: async (_req, res) => {
        // Rate limits fail open without Redis, so it is reported but never makes the instance unready.
        // A hung Redis (paused, failing over) is down too: the check is a PING within the deadline.
        const checks = { ...(redis && { redis: (await redis.check()) ? ('up' as const) : ('down' as const) }) };
        if (!(await mongoIsUp(dbOperationTimeoutMs))) {
          throw new AppError('SERVICE_UNAVAILABLE', 'The database is unreachable.', {
            extensions: { checks: { mongo: 'down', ...checks } },
          });
        }
        res.set('Cache-Control', 'no-store').json({ status: 'ok', checks: { mongo: 'up', ...checks } });
      },
    }),
  ];
}
