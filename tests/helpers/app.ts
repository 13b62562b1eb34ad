import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { createApp, type AppDeps } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { createOutbox, type Outbox } from '../../src/mail/outbox.js';
import * as installed from '../../src/features/index.js';
import { guardResponses } from './response-guard.js';
import { deployedKeys, newSigningKey } from './signing-keys.js';

/** Every feature of the app, as the server installs them. */
export const FEATURES = Object.values(installed);

/** Where mailed links point in tests. */
export const TEST_APP_URL = 'https://app.example.com/start';

export const TEST_JWT_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** What adds routes only when configured (the JWKS, introspection): with these, a table holds every route. */
export const EVERY_ROUTE = {
  ...deployedKeys(newSigningKey('every-route')),
  INTROSPECTION_CLIENTS: `resource-server:${randomBytes(32).toString('base64url')}`,
};

/** Test configuration: cheap bcrypt, a fixed secret, generous limits; `overrides` are environment variables. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    BCRYPT_ROUNDS: '4',
    RATE_LIMIT_AUTH_MAX: '10000',
    LOGIN_FAILURE_MAX: '10000',
    MAIL_PER_EMAIL_MAX: '10000',
    APP_URL: TEST_APP_URL,
    ...overrides,
  });
}

/** A fresh app for a suite, wrapped so that every response is checked against the contract's rules. */
export function buildApp(overrides: Record<string, string> = {}, deps: Pick<AppDeps, 'redis'> = {}): RequestListener {
  return buildAppWithOutbox(overrides, deps).app;
}

/** buildApp, with the app's outbox: `outbox.drain()` waits until every mail the app posted has left. */
export function buildAppWithOutbox(
  overrides: Record<string, string> = {},
  deps: Pick<AppDeps, 'redis'> = {},
): { app: RequestListener; outbox: Outbox | undefined } {
  const config = testConfig(overrides);
  const logger = createLogger(config);
  const outbox = createOutbox(config, logger);
  return { app: guardResponses(createApp({ config, logger, outbox, features: FEATURES, ...deps })), outbox };
}

/** `describe(title)` with one fresh app for the whole suite, handed to `fn` (building one connects to nothing). */
export function appSuite(title: string, fn: (app: RequestListener) => void, overrides: Record<string, string> = {}): void {
  describe(title, () => {
    fn(buildApp(overrides));
  });
}
