import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfig } from '../../../src/config/config.js';
import { EXAMPLE_SECRET } from '../../../src/config/secrets.config.js';

const STRONG = 'k3Jx9-QpL2vN8zR4tY7wB1mC6sD0fG5h';
const MFA_KEY = Buffer.alloc(32, 7).toString('base64');
const production = {
  NODE_ENV: 'production',
  MONGODB_URI: 'mongodb://db.example:27017/app',
  JWT_SECRET: STRONG,
  MFA_ENCRYPTION_KEY: MFA_KEY,
};

function rejects(env: Record<string, string>, variable: string): void {
  assert.throws(
    () => loadConfig(env),
    (error: unknown) => error instanceof ConfigError && error.message.startsWith(variable),
  );
}

describe('loadConfig', () => {
  it('when RATE_LIMIT_AUTH_MAX is unset, then development gets a generous 1000 and production and tests keep the contract value, 10', () => {
    assert.equal(loadConfig({ NODE_ENV: 'development' }).rateLimit.authMax, 1000);
    assert.equal(loadConfig({ NODE_ENV: 'development', RATE_LIMIT_AUTH_MAX: '' }).rateLimit.authMax, 1000);
    assert.equal(loadConfig({ NODE_ENV: 'development', RATE_LIMIT_AUTH_MAX: '7' }).rateLimit.authMax, 7);
    assert.equal(loadConfig(production).rateLimit.authMax, 10);
    assert.equal(loadConfig({ NODE_ENV: 'test' }).rateLimit.authMax, 10);
  });

  it('when nothing is set, then it applies the contract defaults and a random secret with a warning', () => {
    const config = loadConfig({});
    assert.equal(config.env, 'development');
    assert.equal(config.port, 3000);
    assert.equal(config.jwt.accessTtlSeconds, 900);
    assert.equal(config.refreshTtlSeconds, 30 * 86400);
    assert.equal(config.bcryptRounds, 12);
    assert.equal(config.bcryptThreads, availableParallelism());
    assert.equal(config.bodyLimit, '10kb');
    assert.equal(config.trustProxy, 0);
    assert.deepEqual(config.corsOrigins, []);
    // Development clicks through the demo: 1000 instead of the contract's 10 (see the next test).
    assert.deepEqual(config.rateLimit, { authMax: 1000, authWindowMs: 900_000, loginFailureMax: 5, loginFailureWindowMs: 900_000 });
    assert.equal(config.google, undefined);
    assert.deepEqual(config.mail, {
      smtpUrl: undefined,
      from: 'express-auth-starter <no-reply@localhost>',
      perEmailMax: 3,
      perEmailWindowMs: 3_600_000,
    });
    assert.equal(config.appUrl, 'http://localhost:3000');
    assert.equal(config.reauthMaxAgeSeconds, 300);
    assert.equal(config.jwt.issuer, 'express-auth-starter');
    assert.ok(config.jwt.key.symmetricKeySize ?? 0 >= 32);
    assert.ok(config.warnings.some((warning) => warning.startsWith('JWT_SECRET')));
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.jwt));
  });

  it('when two processes start without JWT_SECRET, then their secrets differ', () => {
    assert.notEqual(loadConfig({}).jwt.key.export().toString(), loadConfig({}).jwt.key.export().toString());
  });

  it('when a value does not parse, then the error names the variable', () => {
    rejects({ ACCESS_TOKEN_TTL: 'abc' }, 'ACCESS_TOKEN_TTL');
    rejects({ REAUTH_MAX_AGE: '5 minutes' }, 'REAUTH_MAX_AGE');
    rejects({ BCRYPT_ROUNDS: '99' }, 'BCRYPT_ROUNDS');
    rejects({ BCRYPT_ROUNDS: '3' }, 'BCRYPT_ROUNDS');
    rejects({ BCRYPT_THREADS: '0' }, 'BCRYPT_THREADS');
    rejects({ MONGODB_URI: 'not a url' }, 'MONGODB_URI');
    rejects({ PORT: '70000' }, 'PORT');
    rejects({ NODE_ENV: 'staging' }, 'NODE_ENV');
    rejects({ CORS_ORIGINS: '*' }, 'CORS_ORIGINS');
    rejects({ BODY_LIMIT: 'lots' }, 'BODY_LIMIT');
    rejects({ REDIS_URL: 'http://cache' }, 'REDIS_URL');
    rejects({ SMTP_URL: 'http://mail.example' }, 'SMTP_URL');
    rejects({ APP_URL: 'javascript:alert(1)' }, 'APP_URL');
    rejects({ MAIL_PER_EMAIL_MAX: '0' }, 'MAIL_PER_EMAIL_MAX');
  });

  it('when a message is produced, then it is one line', () => {
    assert.throws(
      () => loadConfig({ REFRESH_TOKEN_TTL: '10 years' }),
      (error: Error) => !error.message.includes('\n'),
    );
  });

  it('when in production, then JWT_SECRET must be present, long and not a known value', () => {
    const { JWT_SECRET: _omitted, ...withoutSecret } = production;
    rejects(withoutSecret, 'JWT_SECRET');
    rejects({ ...production, JWT_SECRET: 'too-short' }, 'JWT_SECRET');
    rejects({ ...production, JWT_SECRET: EXAMPLE_SECRET }, 'JWT_SECRET');
    rejects({ ...production, JWT_SECRET: 'a'.repeat(64) }, 'JWT_SECRET');
    assert.equal(loadConfig(production).jwt.key.export().toString(), STRONG);
  });

  it('when in production, then MONGODB_URI is required', () => {
    const { MONGODB_URI: _omitted, ...withoutUri } = production;
    rejects(withoutUri, 'MONGODB_URI');
  });

  it('when a weak JWT_SECRET is set outside production, then it is refused too', () => {
    rejects({ JWT_SECRET: 'secret' }, 'JWT_SECRET');
  });

  it('when Google is configured in production, then COOKIE_SECRET is required', () => {
    const google = {
      GOOGLE_CLIENT_ID: 'id',
      GOOGLE_CLIENT_SECRET: 'secret',
      GOOGLE_CALLBACK_URL: 'https://app.example/auth/google/callback',
    };
    rejects({ ...production, ...google }, 'COOKIE_SECRET');
    const config = loadConfig({ ...production, ...google, COOKIE_SECRET: STRONG.split('').reverse().join('') });
    assert.equal(config.google?.authorizationUrl, 'https://accounts.google.com/o/oauth2/v2/auth');
  });

  it('when production sends mail, then APP_URL and MAIL_FROM are required; without SMTP_URL it starts with a warning', () => {
    const smtp = { ...production, SMTP_URL: 'smtps://user:pass@smtp.example:465' };
    rejects(smtp, 'APP_URL');
    rejects({ ...smtp, APP_URL: 'https://app.example' }, 'MAIL_FROM');
    const config = loadConfig({ ...smtp, APP_URL: 'https://app.example', MAIL_FROM: 'App <no-reply@app.example>' });
    assert.equal(config.mail.from, 'App <no-reply@app.example>');
    assert.equal(config.warnings.length, 0);
    assert.ok(loadConfig(production).warnings.some((warning) => warning.startsWith('SMTP_URL is not set')));
  });

  it('when LOG_LEVEL is unset in tests, then logging is silent', () => {
    assert.equal(loadConfig({ NODE_ENV: 'test' }).logLevel, 'silent');
    assert.equal(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }).logLevel, 'debug');
  });

  it('when MFA_ENCRYPTION_KEY is set, then it must be 32 bytes; unset, production warns and has none, elsewhere a random key', () => {
    assert.deepEqual(loadConfig(production).mfa.encryptionKey, Buffer.alloc(32, 7));
    rejects({ ...production, MFA_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }, 'MFA_ENCRYPTION_KEY');
    const { MFA_ENCRYPTION_KEY: _unset, ...withoutKey } = production;
    const config = loadConfig(withoutKey);
    assert.equal(config.mfa.encryptionKey, undefined);
    assert.ok(config.warnings.some((warning) => warning.startsWith('MFA_ENCRYPTION_KEY is not set')));
    assert.equal(loadConfig({}).mfa.encryptionKey?.length, 32);
  });

  it('when WEBAUTHN_* is unset, then the relying party follows APP_URL; each can be set', () => {
    assert.deepEqual(loadConfig({ APP_URL: 'https://app.example.com/start' }).webauthn, {
      rpId: 'app.example.com',
      rpName: 'express-auth-starter',
      origin: 'https://app.example.com',
    });
    assert.equal(loadConfig({}).webauthn.origin, 'http://localhost:3000');
    const custom = loadConfig({ WEBAUTHN_ORIGIN: 'https://login.example.com', WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_RP_NAME: 'Example' });
    assert.deepEqual(custom.webauthn, { rpId: 'example.com', rpName: 'Example', origin: 'https://login.example.com' });
    rejects({ WEBAUTHN_RP_ID: 'https://example.com' }, 'WEBAUTHN_RP_ID');
  });
});
