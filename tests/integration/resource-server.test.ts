import assert from 'node:assert/strict';
// feature:introspection
import { randomBytes } from 'node:crypto';
// /feature:introspection
import type { RequestListener, Server } from 'node:http';
import request from 'supertest';
import { createResourceServer } from '../../examples/resource-server/resource-server.js';
import { buildApp } from '../helpers/app.js';
import { loginAccount, registerAccount, type Account } from '../helpers/factories.js';
import { deployedKeys, newSigningKey, type TestSigningKey } from '../helpers/signing-keys.js';
import { forgeAccessToken } from '../helpers/tokens.js';
import { listenOnFreePort } from '../helpers/server.js';

const ISSUER = 'express-auth-starter';
// feature:introspection
const SECRET = randomBytes(32).toString('base64url');
// /feature:introspection

const authSettings = (...keys: TestSigningKey[]) => ({
  ...deployedKeys(...keys),
  // feature:introspection
  INTROSPECTION_CLIENTS: `orders:${SECRET}`,
  // /feature:introspection
});

describe('examples/resource-server: another service accepts our tokens from the JWKS alone', () => {
  const a = newSigningKey('key-a');
  const b = newSigningKey('key-b');
  // The auth server, whose deployment (its key set) a test can change under the same address.
  let deployed: RequestListener = buildApp(authSettings(a));
  let auth: Server;
  let orders: RequestListener;
  let account: Account;
  before(async () => {
    const listening = await listenOnFreePort((req, res) => deployed(req, res));
    auth = listening.server;
    orders = createResourceServer({
      jwksUrl: new URL('/.well-known/jwks.json', listening.origin),
      issuer: ISSUER,
      audience: ISSUER,
      // feature:introspection
      introspection: { url: new URL('/oauth/introspect', listening.origin), clientId: 'orders', clientSecret: SECRET },
      // /feature:introspection
      // A test cannot wait out the production cache: every verify may fetch the set again.
      cacheMaxAgeMs: 0,
      cooldownMs: 0,
    });
  });
  after(() => auth.close());
  beforeEach(async () => {
    deployed = buildApp(authSettings(a));
    account = await registerAccount(deployed);
  });

  const read = (token: string) => request(orders).get('/orders').set('Authorization', `Bearer ${token}`);

  it('when a fresh token is sent, then the service knows the user with no secret and no database', async () => {
    const res = await read(account.access_token).expect(200);
    assert.equal(res.body.user, account.user.id);
  });

  describe('when the token is not one the auth server issued as it is', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const cases: [string, () => string][] = [
      [
        'signed with a key outside the set',
        () => forgeAccessToken(account.user.id, { header: { alg: 'ES256', kid: 'key-a' }, secret: newSigningKey('x').privateKey }),
      ],
      [
        'expired',
        () =>
          forgeAccessToken(account.user.id, {
            header: { alg: 'ES256', kid: 'key-a' },
            secret: a.privateKey,
            claims: { iat: now() - 3600, exp: now() - 60, auth_time: now() - 3600 },
          }),
      ],
      [
        'for another audience',
        () =>
          forgeAccessToken(account.user.id, { header: { alg: 'ES256', kid: 'key-a' }, secret: a.privateKey, claims: { aud: 'billing' } }),
      ],
      ['under an unknown kid', () => forgeAccessToken(account.user.id, { header: { alg: 'ES256', kid: 'key-z' }, secret: a.privateKey })],
      [
        'not an access token (typ JWT)',
        () => forgeAccessToken(account.user.id, { header: { alg: 'ES256', kid: 'key-a', typ: 'JWT' }, secret: a.privateKey }),
      ],
    ];
    it('then the baseline, signed like ours, passes', async () => {
      await read(forgeAccessToken(account.user.id, { header: { alg: 'ES256', kid: 'key-a' }, secret: a.privateKey })).expect(200);
    });
    for (const [what, token] of cases) {
      it(`then a token ${what} gets 401 invalid_token`, async () => {
        const res = await read(token()).expect(401);
        assert.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token"');
      });
    }
  });

  it('when the auth server rotates its key, then old and new tokens both pass until the old key is removed', async () => {
    const tokenA = account.access_token;
    deployed = buildApp(authSettings(b, a));
    const tokenB = (await loginAccount(deployed, account.email, account.password)).access_token;
    await read(tokenA).expect(200);
    await read(tokenB).expect(200);
    deployed = buildApp(authSettings(b));
    await read(tokenA).expect(401);
    await read(tokenB).expect(200);
  });

  // feature:introspection
  it('when the session has ended, then reading still passes on the signature, but paying asks introspection and is refused', async () => {
    const pay = (token: string) => request(orders).post('/orders/42/pay').set('Authorization', `Bearer ${token}`);
    assert.equal((await pay(account.access_token).expect(200)).body.paid, '42');
    await request(deployed).post('/auth/logout').send({ refresh_token: account.refresh_token }).expect(204);
    await read(account.access_token).expect(200);
    await pay(account.access_token).expect(401);
  });
  // /feature:introspection
});
