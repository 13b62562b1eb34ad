import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { loadConfig } from '../../src/config/config.js';
import { EXAMPLE_SECRET } from '../../src/config/secrets.config.js';
import { appSuite } from '../helpers/app.js';
import { registerAccount, type Account } from '../helpers/factories.js';
import { forgeAccessToken, sessionIdOf } from '../helpers/tokens.js';

async function assertRefused(app: RequestListener, token: string): Promise<void> {
  const res = await request(app).get('/auth/me').set('Authorization', `Bearer ${token}`);
  assert.equal(res.status, 401, JSON.stringify(res.body));
  assert.equal(res.body.code, 'UNAUTHORIZED');
  assert.match(String(res.headers['www-authenticate']), /^Bearer realm="[^"]+", error="invalid_token"$/);
}

appSuite('security: access tokens (JWT)', (app) => {
  let account: Account;
  let sub: string;
  let sid: string;
  beforeEach(async () => {
    account = await registerAccount(app);
    sub = account.user.id;
    sid = sessionIdOf(account.access_token);
  });

  it('when a forged token is signed exactly like ours, then it is accepted (the baseline the attacks below change)', async () => {
    const res = await request(app)
      .get('/auth/me')
      .set('Authorization', `Bearer ${forgeAccessToken(sub, { sid })}`);
    assert.equal(res.status, 200);
  });

  it('when the token is signed with another key, then it answers 401 invalid_token', async () => {
    await assertRefused(app, forgeAccessToken(sub, { sid, secret: 'another-secret-another-secret-another-secret' }));
  });

  it('when the header says alg "none" and the signature is empty, then it answers 401 invalid_token', async () => {
    await assertRefused(app, forgeAccessToken(sub, { sid, header: { alg: 'none' } }));
  });

  it('when the token is HS512 with the right secret, then it answers 401 (algorithm pinned to HS256)', async () => {
    await assertRefused(app, forgeAccessToken(sub, { sid, header: { alg: 'HS512' } }));
  });

  it('when the token is RS256 signed with an attacker key, then it answers 401', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await assertRefused(app, forgeAccessToken(sub, { sid, header: { alg: 'RS256' }, secret: privateKey }));
  });

  const production = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:27017/x' };
  const weakSecrets: [string, string, string][] = [
    ['short', 'secret', 'JWT_SECRET must be at least 32 bytes (npm run gen-secret)'],
    [
      'the .env.example placeholder in capitals',
      EXAMPLE_SECRET.toUpperCase(),
      'JWT_SECRET is a known or low-entropy value (npm run gen-secret)',
    ],
    ['64 bytes of two characters', 'ab'.repeat(32), 'JWT_SECRET is a known or low-entropy value (npm run gen-secret)'],
  ];
  for (const [what, weak, message] of weakSecrets) {
    it(`when JWT_SECRET is ${what}, then production refuses to start with the rule it breaks`, () => {
      assert.throws(() => loadConfig({ ...production, JWT_SECRET: weak }), { name: 'ConfigError', message });
    });
  }

  it('when exp is missing, then it answers 401 (a token must expire)', async () => {
    await assertRefused(app, forgeAccessToken(sub, { sid, claims: { exp: undefined } }));
  });

  it('when exp is in the past, then it answers 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    await assertRefused(app, forgeAccessToken(sub, { sid, claims: { iat: now - 1000, exp: now - 10 } }));
  });

  it('when nbf is in the future, then it answers 401', async () => {
    await assertRefused(app, forgeAccessToken(sub, { sid, claims: { nbf: Math.floor(Date.now() / 1000) + 600 } }));
  });

  it('when iat is in the future (a token minted ahead to outlive a revocation), then it answers 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    await assertRefused(app, forgeAccessToken(sub, { sid, claims: { iat: now + 3600, exp: now + 4000 } }));
  });

  it('when the header lists a critical extension (crit) we do not understand, then it answers 401 (RFC 7515 §4.1.11)', async () => {
    await assertRefused(app, forgeAccessToken(sub, { sid, header: { crit: ['urn:example:must-check'], 'urn:example:must-check': true } }));
    await assertRefused(app, forgeAccessToken(sub, { sid, header: { crit: ['exp'] } }));
  });

  it('when the issuer is wrong, then it answers 401', async () => {
    await assertRefused(app, forgeAccessToken(sub, { sid, claims: { iss: 'https://evil.example' } }));
  });

  it('when the audience is wrong, then it answers 401', async () => {
    await assertRefused(app, forgeAccessToken(sub, { sid, claims: { aud: 'another-api' } }));
  });

  it('when the header points to an attacker key (jku, jwk, kid) and is signed with it, then it answers 401', async () => {
    const secret = 'attacker-controlled-key-0123456789-abcdefgh';
    const tricks = [
      { jku: 'http://127.0.0.1:9/jwks.json' },
      { jwk: { kty: 'oct', k: Buffer.from(secret).toString('base64url') } },
      { kid: '../../../../dev/null' },
      { kid: "' OR '1'='1" },
    ];
    for (const header of tricks) await assertRefused(app, forgeAccessToken(sub, { sid, header, secret }));
    // A kid naming an empty key file must not turn an empty-key signature into a valid one either.
    await assertRefused(app, forgeAccessToken(sub, { sid, header: { kid: '/dev/null' }, secret: '' }));
  });

  it('when the typ is not at+jwt (some other JWT of ours), then it answers 401', async () => {
    await assertRefused(app, forgeAccessToken(sub, { sid, header: { typ: 'JWT' } }));
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
});
