import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { Passport } from 'passport';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { createJwtStrategy } from './auth/jwt.strategy.js';
import type { Config } from './config/config.js';
import type { RedisClient } from './db/redis.js';
import { corsPolicy } from './middleware/cors-policy.js';
import { errorHandler, notFound } from './middleware/error-handler.js';
import { jsonBody } from './middleware/json-body.js';
import { redisStores } from './middleware/rate-limit-store.js';
import { createLimiters, type Limiters } from './middleware/rate-limits.js';
import { requireAuth } from './middleware/require-auth.js';
import { requireHttps } from './middleware/require-https.js';
import { authRoutes } from './routes/auth.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { mountRoutes, type RouteSpec } from './routes/route-spec.js';

export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  /** When set (REDIS_URL), every rate limit counts in Redis, shared by all instances; else in memory. */
  readonly redis?: RedisClient | undefined;
}

const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Every route of the API, in one table: the router and the OpenAPI document are both built from it. */
export function routeTable(config: Config, limiters: Limiters = createLimiters(config)): RouteSpec[] {
  return [...healthRoutes(), ...authRoutes(config, limiters)];
}

/** Builds the Express app; it neither listens nor connects to the database. */
export function createApp({ config, logger, redis }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // A hop count, never `true`: only that many proxies may speak for the client's address.
  app.set('trust proxy', config.trustProxy);

  const passport = new Passport();
  passport.use('jwt', createJwtStrategy(config.jwt));

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { styleSrc: ["'self'"] } },
      strictTransportSecurity: config.env === 'production',
    }),
  );
  app.use(requireHttps(config));
  app.use(corsPolicy(config.corsOrigins));
  app.use(jsonBody(config.bodyLimit));
  app.use(passport.initialize());

  const limiters = createLimiters(config, { logger, store: redis && redisStores(redis, logger) });
  const router = express.Router();
  mountRoutes(router, routeTable(config, limiters), requireAuth(passport));
  app.use(router);
  app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
