import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfig } from '../../../src/config/config.js';

const OIDC = {
  OIDC_ISSUER: 'http://127.0.0.1:8081',
  OIDC_CLIENT_ID: 'client',
  OIDC_CLIENT_SECRET: 'a-client-secret',
  OIDC_CALLBACK_URL: 'https://app.example/auth/oidc/callback',
};
const PRODUCTION = {
  NODE_ENV: 'production',
  MONGODB_URI: 'mongodb://db.example/app',
  JWT_SECRET: 'k3Jx9-QpL2vN8zR4tY7wB1mC6sD0fG5h',
  COOKIE_SECRET: 'h5Gf0Ds6Cm1Bw7Yt4Rz8Nv2LpQ9xJ3k-',
  MFA_ENCRYPTION_KEY: 'u6dW0n3m0yQy0a9tZ0mVQ2b1cXlY7pHk3uN4fJ8rT2s=',
};

describe('sign-in provider settings', () => {
  it('when only some of a provider’s variables are set, then it stays off and a warning names what is missing', () => {
    const config = loadConfig({ NODE_ENV: 'test', GITHUB_CLIENT_ID: 'id' });
    assert.equal(config.github, undefined);
    assert.ok(
      config.warnings.some((line) => line.includes('GITHUB_CLIENT_ID set without GITHUB_CLIENT_SECRET, GITHUB_CALLBACK_URL')),
      String(config.warnings),
    );
  });

  it('when OIDC_ISSUER is plain http, then development accepts it and production refuses to start naming it', () => {
    assert.equal(loadConfig({ NODE_ENV: 'test', ...OIDC }).oidc?.issuer, OIDC.OIDC_ISSUER);
    assert.throws(
      () => loadConfig({ ...PRODUCTION, ...OIDC }),
      (error: unknown) => error instanceof ConfigError && error.message.includes('OIDC_ISSUER must be an https URL'),
    );
    assert.equal(loadConfig({ ...PRODUCTION, ...OIDC, OIDC_ISSUER: 'https://login.example' }).oidc?.issuer, 'https://login.example');
  });
});
