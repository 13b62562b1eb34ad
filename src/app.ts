import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { Passport } from 'passport';
import type { Logger } from 'pino';
import { createGoogleStrategy } from './auth/google.strategy.js';
import { createJwtStrategy } from './auth/jwt.strategy.js';
import { createCookieStateStore } from './auth/oauth-state-store.js';
import type { Config } from './config/config.js';
import type { RedisClient } from './db/redis.js';
import type { Outbox } from './mail/outbox.js';
import { requestLogger } from './logging/http-logger.js';
import { corsPolicy } from './middleware/cors-policy.js';
import { errorHandler, notFound } from './middleware/error-handler.js';
import { jsonBody } from './middleware/json-body.js';
import { redisStores } from './middleware/rate-limit-store.js';
import { createLimiters, type Limiters } from './middleware/rate-limits.js';
import { requireAuth } from './middleware/require-auth.js';
import { requireHttps } from './middleware/require-https.js';
import { adminRoutes } from './routes/admin.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { swaggerUiAssets, withDocsRoutes } from './routes/docs.routes.js';
import { emailRoutes } from './routes/email.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { mfaRoutes } from './routes/mfa.routes.js';
import { passkeyRoutes } from './routes/passkey.routes.js';
import { oauthRoutes } from './routes/oauth.routes.js';
import { profileRoutes } from './routes/profile.routes.js';
import { methodsOf, mountRoutes, type RouteSpec } from './routes/route-spec.js';
import { sessionRoutes } from './routes/session.routes.js';

export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  /** When set (REDIS_URL), every rate limit counts in Redis, shared by all instances; else in memory. */
  readonly redis?: RedisClient | undefined;
  /** Mail for email verification and password reset (createOutbox); without it those routes answer 503 MAIL_NOT_CONFIGURED. */
  readonly outbox?: Outbox | undefined;
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
  readonly redis?: RedisClient | undefined;
}

/**
 * Every route of the API, in one table: the router and the OpenAPI document are both built from it.
 * `passport` runs the Google routes; the document, which never calls a handler, can leave it out.
 */
export function routeTable(
  config: Config,
  { passport = new Passport(), limiters = createLimiters(config), outbox, redis }: RouteDeps = {},
): RouteSpec[] {
  return withDocsRoutes([
    ...healthRoutes({ dbOperationTimeoutMs: config.dbOperationTimeoutMs, redis }),
    ...authRoutes(config, limiters),
    ...profileRoutes(config, limiters),
    ...sessionRoutes(),
    ...emailRoutes(config, limiters, outbox),
    ...mfaRoutes(config, limiters, outbox),
    ...passkeyRoutes(config, limiters, outbox),
    ...oauthRoutes(config, passport, limiters),
    ...adminRoutes(config, outbox),
  ]);
}

/** Builds the Express app; it neither listens nor connects to the database. */
export function createApp({ config, logger, redis, outbox }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // A hop count, never `true`: only that many proxies may speak for the client's address.
  app.set('trust proxy', config.trustProxy);

  const passport = new Passport();
  passport.use('jwt', createJwtStrategy(config.jwt));
  if (config.google) passport.use('google', createGoogleStrategy(config.google, createCookieStateStore(config.google.callbackUrl)));

  app.use(requestLogger(logger));
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
  const routes = routeTable(config, { passport, limiters, outbox, redis });
  app.use(requireHttps(config));
  app.use(corsPolicy(config.corsOrigins, methodsOf(routes)));
  app.use(jsonBody(config.bodyLimit));

  const router = express.Router();
  mountRoutes(router, routes, { requireAuth: requireAuth(passport), reauthMaxAgeSeconds: config.reauthMaxAgeSeconds });
  app.use(router);
  app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));
  app.use('/docs/assets', swaggerUiAssets());
  for (const [prefix, dir] of Object.entries(VENDOR_DIRS)) app.use(prefix, browserModules(dir));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
