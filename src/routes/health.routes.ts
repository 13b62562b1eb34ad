import mongoose from 'mongoose';
import { DATABASE_TIMEOUT_MS } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { Health, Readiness } from '../schemas/common.schemas.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

async function mongoIsUp(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== mongoose.ConnectionStates.connected || !db) return false;
  const timeout = new Promise<false>((resolve) => setTimeout(resolve, DATABASE_TIMEOUT_MS, false).unref());
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

/** Liveness (no database call) and readiness (the database answers a ping). */
export function healthRoutes(): RouteSpec[] {
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
      summary: 'Readiness: the database is reachable',
      success: { status: 200, description: 'Ready', schema: Readiness },
      errors: ['SERVICE_UNAVAILABLE'],
      handler: async (_req, res) => {
        if (!(await mongoIsUp())) {
          throw new AppError('SERVICE_UNAVAILABLE', 'The database is unreachable.', { extensions: { checks: { mongo: 'down' } } });
        }
        res.set('Cache-Control', 'no-store').json({ status: 'ok', checks: { mongo: 'up' } });
      },
    }),
  ];
}
