import type { RequestListener } from 'node:http';
import { createApp, type AppDeps } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { guardResponses } from './response-guard.js';

export const TEST_JWT_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** Test configuration: cheap bcrypt, a fixed secret, generous limits; `overrides` are environment variables. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    BCRYPT_ROUNDS: '4',
    RATE_LIMIT_AUTH_MAX: '10000',
    LOGIN_FAILURE_MAX: '10000',
    ...overrides,
  });
}

/** A fresh app for a suite, wrapped so that every response is checked against the contract's rules. */
export function buildApp(overrides: Record<string, string> = {}, deps: Pick<AppDeps, 'redis'> = {}): RequestListener {
  const config = testConfig(overrides);
  return guardResponses(createApp({ config, logger: createLogger(config), ...deps }));
}
