import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { Passport } from 'passport';
import type { Logger } from 'pino';
import { createJwtStrategy } from './auth/jwt.strategy.js';
import type { Config } from './config/config.js';
import type { SharedRedis } from './db/redis.js';
import { installFeatures, type Feature } from './feature.js';
import type { Outbox } from './mail/outbox.js';
import { requestLogger } from './logging/http-logger.js';
import { corsPolicy } from './middleware/cors-policy.js';
import { errorHandler, notFound } from './middleware/error-handler.js';
import { formBody, jsonBody } from './middleware/json-body.js';
import { redisStores } from './middleware/rate-limit-store.js';
import { createLimiters, type Limiters } from './middleware/rate-limits.js';
import { requireAuth } from './middleware/require-auth.js';
import { requireHttps } from './middleware/require-https.js';
import { authRoutes } from './routes/auth.routes.js';
import { swaggerUiAssets, withDocsRoutes } from './routes/docs.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { jwksRoutes } from './routes/jwks.routes.js';
import { profileRoutes } from './routes/profile.routes.js';
import { methodsOf, mountRoutes, type RouteSpec } from './routes/route-spec.js';
import { sessionRoutes } from './routes/session.routes.js';
import { exchangeRoutes } from './sign-in/provider-routes.js';
import { unlinkRoutes } from './sign-in/unlink.routes.js';

export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  /** When set (REDIS_URL), every rate limit counts in Redis, shared by all instances; else in memory. */
  readonly redis?: SharedRedis | undefined;
  /** Mail (createOutbox): mailed links and security notices; without it the mailed-link routes answer 503 MAIL_NOT_CONFIGURED. */
  readonly outbox?: Outbox | undefined;
  /** The optional features (src/features/index.ts); those in DISABLED_FEATURES install their hooks but serve no route. */
  readonly features: readonly Feature[];
}

const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));

// Browser ES modules of the demo page, served from node_modules on this origin (the CSP allows no CDN).
const packageFile = createRequire(import.meta.url).resolve;
const VENDOR_DIRS = {
  '/vendor/simplewebauthn': path.resolve(path.dirname(packageFile('@simplewebauthn/browser')), '../esm'),
  '/vendor/qrcode': path.dirname(packageFile('qrcode-generator')),
};

/** A package's browser modules (.js, .mjs) only: not its package.json, README, type files or source maps. */
function browserModules(dir: string): RequestHandler {
  const files = express.static(dir, { index: false });
  return (req, res, next) => {
    if (/\.m?js$/.test(req.path)) void files(req, res, next);
    else next();
  };
}

/** What the route table needs besides config: each app passes its own, the OpenAPI document takes the defaults. */
interface RouteDeps {
  readonly passport?: InstanceType<typeof Passport>;
  readonly limiters?: Limiters;
  readonly outbox?: Outbox | undefined;
  readonly redis?: SharedRedis | undefined;
}

/**
 * Every route of the API, in one table: the core's, then those of the features switched on. The router
 * and the OpenAPI document are both built from it; the document, which never calls a handler, can leave
 * the collaborators out. Throws ConfigError for a DISABLED_FEATURES name that is not a feature.
 */
export function routeTable(
  config: Config,
  features: readonly Feature[],
  { passport = new Passport(), limiters = createLimiters(config), outbox, redis }: RouteDeps = {},
): RouteSpec[] {
  const context = { config, limiters, passport, outbox, redis };
  return withDocsRoutes([
    ...healthRoutes({ dbOperationTimeoutMs: config.dbOperationTimeoutMs, redis }),
    ...authRoutes(config, limiters),
    ...profileRoutes(config, limiters),
    ...sessionRoutes(),
    ...exchangeRoutes(config),
    ...unlinkRoutes(),
    ...jwksRoutes(config.jwt),
    ...installFeatures(features, config.disabledFeatures).flatMap((feature) => feature.routes?.(context) ?? []),
  ]);
}

/** Builds the Express app; it neither listens nor connects to the database. */
export function createApp({ config, logger, redis, outbox, features }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // A hop count, never `true`: only that many proxies may speak for the client's address.
  app.set('trust proxy', config.trustProxy);
  // An ETag costs a hash of every JSON body, and no client of this API revalidates one (the static files keep theirs).
  app.set('etag', false);

  const passport = new Passport();
  passport.use('jwt', createJwtStrategy(config.jwt));

  app.use(requestLogger(logger));
  for (const feature of installFeatures(features, config.disabledFeatures)) {
    const handler = feature.middleware?.(config);
    if (handler) app.use(handler);
  }
  app.use(
    helmet({
      contentSecurityPolicy: {
        // No 'unsafe-inline' anywhere; upgrading subresources to HTTPS only where HTTPS is served.
        directives: { styleSrc: ["'self'"], upgradeInsecureRequests: config.env === 'production' ? [] : null },
      },
      strictTransportSecurity: config.env === 'production',
    }),
  );
  const limiters = createLimiters(config, { logger, store: redis && redisStores(redis, logger) });
  const routes = routeTable(config, features, { passport, limiters, outbox, redis });
  app.use(requireHttps(config));
  app.use(corsPolicy(config.corsOrigins, methodsOf(routes)));

  const router = express.Router();
  mountRoutes(router, routes, {
    requireAuth: requireAuth(passport),
    reauthMaxAgeSeconds: config.reauthMaxAgeSeconds,
    // Per route, not for the whole app: a path no route serves answers 404 whatever its body.
    jsonBody: jsonBody(config.bodyLimit),
    formBody: formBody(config.bodyLimit),
  });
  app.use(router);
  app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
  app.use('/docs/assets', swaggerUiAssets());
  for (const [prefix, dir] of Object.entries(VENDOR_DIRS)) app.use(prefix, browserModules(dir));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
