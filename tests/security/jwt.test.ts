import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { RequestListener } from 'node:http';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { TEST_JWT_SECRET, buildApp } from '../helpers/app.js';
import { registerAccount, type Account } from '../helpers/factories.js';

const ISSUER = 'express-auth-starter';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with any header and claims, HMAC-signed with SHA-256 by `key` (or unsigned for alg none). */
function forge(header: Record<string, unknown>, payload: Record<string, unknown>, key: string | Buffer = TEST_JWT_SECRET): string {
  const signingInput = `${b64(header)}.${b64(payload)}`;
  if (header.alg === 'none') return `${signingInput}.`;
  const hash = header.alg === 'HS512' ? 'sha512' : 'sha256';
  return `${signingInput}.${createHmac(hash, key).update(signingInput).digest('base64url')}`;
}

function claims(account: Account, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { sub: account.user.id, ver: 0, jti: randomUUID(), iss: ISSUER, aud: ISSUER, iat: now, exp: now + 600, ...extra };
}

async function assertRefused(app: RequestListener, token: string): Promise<void> {
  const res = await request(app).get('/auth/me').set('Authorization', `Bearer ${token}`);
  assert.equal(res.status, 401, JSON.stringify(res.body));
  assert.equal(res.body.code, 'UNAUTHORIZED');
  assert.match(String(res.headers['www-authenticate']), /^Bearer realm="[^"]+", error="invalid_token"$/);
}

describe('security: access tokens (JWT)', () => {
  let app: RequestListener;
  let account: Account;
  const header = { alg: 'HS256', typ: 'at+jwt' };
  before(() => {
    app = buildApp();
  });
  beforeEach(async () => {
    account = await registerAccount(app);
  });

  it('when a forged token is signed exactly like ours, then it is accepted (the baseline the attacks below change)', async () => {
    const res = await request(app)
      .get('/auth/me')
      .set('Authorization', `Bearer ${forge(header, claims(account))}`);
    assert.equal(res.status, 200);
  });

  it('when the header says alg "none" and the signature is empty, then it answers 401 invalid_token', async () => {
    await assertRefused(app, forge({ alg: 'none', typ: 'at+jwt' }, claims(account)));
  });

  it('when the token is HS512 with the right secret, then it answers 401 (algorithm pinned to HS256)', async () => {
    await assertRefused(app, forge({ alg: 'HS512', typ: 'at+jwt' }, claims(account)));
  });

  it('when the token is RS256 signed with an attacker key, then it answers 401', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = jwt.sign(claims(account), privateKey, { algorithm: 'RS256', header: { alg: 'RS256', typ: 'at+jwt' } });
    await assertRefused(app, token);
  });

  for (const weak of ['secret', 'changeme', '']) {
    it(`when the secret is the weak value "${weak}", then production refuses to start and its tokens are refused`, async () => {
      const env = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:27017/x', JWT_SECRET: weak };
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && error.message.includes('JWT_SECRET'),
      );
      await assertRefused(app, forge(header, claims(account), weak));
    });
  }

  it('when exp is missing, then it answers 401 (a token must expire)', async () => {
    const { exp: _omitted, ...withoutExp } = claims(account);
    await assertRefused(app, forge(header, withoutExp));
  });

  it('when exp is in the past, then it answers 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    await assertRefused(app, forge(header, claims(account, { iat: now - 1000, exp: now - 10 })));
  });

  it('when nbf is in the future, then it answers 401', async () => {
    await assertRefused(app, forge(header, claims(account, { nbf: Math.floor(Date.now() / 1000) + 600 })));
  });

  it('when iat is in the future (a token minted ahead to outlive a revocation), then it answers 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    await assertRefused(app, forge(header, claims(account, { iat: now + 3600, exp: now + 4000 })));
  });

  it('when the header lists a critical extension (crit) we do not understand, then it answers 401 (RFC 7515 §4.1.11)', async () => {
    await assertRefused(app, forge({ ...header, crit: ['urn:example:must-check'], 'urn:example:must-check': true }, claims(account)));
    await assertRefused(app, forge({ ...header, crit: ['exp'] }, claims(account)));
  });

  it('when the issuer is wrong, then it answers 401', async () => {
    await assertRefused(app, forge(header, claims(account, { iss: 'https://evil.example' })));
  });

  it('when the audience is wrong, then it answers 401', async () => {
    await assertRefused(app, forge(header, claims(account, { aud: 'another-api' })));
  });

  it('when the header points to an attacker key (jku, jwk, kid) and is signed with it, then it answers 401', async () => {
    const attackerKey = 'attacker-controlled-key-0123456789-abcdefgh';
    const tricks = [
      { ...header, jku: 'http://127.0.0.1:9/jwks.json' },
      { ...header, jwk: { kty: 'oct', k: Buffer.from(attackerKey).toString('base64url') } },
      { ...header, kid: '../../../../dev/null' },
      { ...header, kid: "' OR '1'='1" },
    ];
    for (const trick of tricks) await assertRefused(app, forge(trick, claims(account), attackerKey));
    // A kid naming an empty key file must not turn an empty-key signature into a valid one either.
    await assertRefused(app, forge({ ...header, kid: '/dev/null' }, claims(account), ''));
  });

  it('when the typ is not at+jwt (some other JWT of ours), then it answers 401', async () => {
    await assertRefused(app, forge({ alg: 'HS256', typ: 'JWT' }, claims(account)));
  });

  it('when the Bearer value is garbage, then it answers 401 invalid_token', async () => {
    for (const value of ['garbage', 'a.b.c', '...', 'eyJhbGciOiJIUzI1NiJ9', `${'x'.repeat(4000)}`]) await assertRefused(app, value);
  });

  it('when the Bearer value is empty, then it answers 401 with the Bearer challenge', async () => {
    for (const value of ['Bearer', 'Bearer ', 'Bearer    ']) {
      const res = await request(app).get('/auth/me').set('Authorization', value);
      assert.equal(res.status, 401);
      assert.match(String(res.headers['www-authenticate']), /^Bearer realm=/);
    }
  });

  it('when a valid access token is sent in the query string, then it is ignored (401 without invalid_token)', async () => {
    for (const name of ['access_token', 'token', 'auth_token']) {
      const res = await request(app).get(`/auth/me?${name}=${account.access_token}`);
      assert.equal(res.status, 401);
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="express-auth-starter"');
    }
  });

  it('when a refresh token is used as an access token, then it answers 401', async () => {
    await assertRefused(app, account.refresh_token);
  });

  it('when an access token is used as a refresh token, then it is refused and no tokens are issued', async () => {
    const res = await request(app).post('/auth/refresh').send({ refresh_token: account.access_token });
    assert.ok([400, 401].includes(res.status), String(res.status));
    assert.equal(res.body.access_token, undefined);
  });
});
