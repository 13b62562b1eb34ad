import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { UserModel } from '../../../src/models/user.model.js';
import { buildApp } from '../../helpers/app.js';
import { loginAccount, registerAccount, type Account } from '../../helpers/factories.js';
import { forgeAccessToken, sessionIdOf } from '../../helpers/tokens.js';

const SECRET = randomBytes(32).toString('base64url');
const CLIENTS = { INTROSPECTION_CLIENTS: `orders-api:${SECRET},billing:${randomBytes(32).toString('base64url')}` };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

function introspect(app: RequestListener, token: string, authorization = basic('orders-api', SECRET)) {
  return request(app).post('/oauth/introspect').set('Authorization', authorization).type('form').send({ token });
}

async function assertInactive(app: RequestListener, token: string, why: string): Promise<void> {
  const res = await introspect(app, token).expect(200);
  assert.deepEqual(res.body, { active: false }, why);
  assert.equal(res.headers['cache-control'], 'no-store');
}

describe('POST /oauth/introspect (RFC 7662, contract §5)', () => {
  const app = buildApp(CLIENTS);
  let account: Account;
  beforeEach(async () => {
    account = await registerAccount(app);
  });

  it('when a resource server asks about a live token, then it answers active with exactly the contract members, uncached', async () => {
    const res = await introspect(app, account.access_token).expect(200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.deepEqual(Object.keys(res.body).sort(), [
      'active',
      'aud',
      'auth_time',
      'client_id',
      'exp',
      'iat',
      'iss',
      'jti',
      'sid',
      'sub',
      'token_type',
    ]);
    const { sub, sid, client_id: clientId, iss, aud, exp, iat, auth_time: authTime, jti } = claims(account.access_token);
    assert.deepEqual(res.body, {
      active: true,
      sub,
      sid,
      client_id: clientId,
      iss,
      aud,
      exp,
      iat,
      auth_time: authTime,
      jti,
      token_type: 'Bearer',
    });
    assert.equal(sub, account.user.id);
  });

  it('when the session logs out, then its token is inactive at once (its signature is still good)', async () => {
    await request(app).post('/auth/logout').send({ refresh_token: account.refresh_token }).expect(204);
    await assertInactive(app, account.access_token, 'after logout');
  });

  it('when the session is ended from another one (DELETE /auth/sessions/:id), then its token is inactive', async () => {
    const other = await loginAccount(app, account.email, account.password);
    await request(app)
      .delete(`/auth/sessions/${sessionIdOf(account.access_token)}`)
      .set('Authorization', `Bearer ${other.access_token}`)
      .expect(204);
    await assertInactive(app, account.access_token, 'after the session was ended');
    assert.equal((await introspect(app, other.access_token).expect(200)).body.active, true, 'the other session is live');
  });

  it('when the user signs out everywhere, then every token of theirs is inactive', async () => {
    const other = await loginAccount(app, account.email, account.password);
    await request(app).post('/auth/logout-all').set('Authorization', `Bearer ${other.access_token}`).expect(204);
    await assertInactive(app, account.access_token, 'after logout-all');
    await assertInactive(app, other.access_token, 'the caller of logout-all too');
  });

  it('when the user is disabled, then their token is inactive although its session is still there', async () => {
    await UserModel.updateOne({ _id: account.user.id }, { $set: { disabled: true } });
    await assertInactive(app, account.access_token, 'disabled user');
  });

  it('when the token is forged, expired, or not a JWT, then it is inactive and nothing more is said', async () => {
    const sid = sessionIdOf(account.access_token);
    await assertInactive(app, forgeAccessToken(account.user.id, { sid, secret: 'another-secret-another-secret-another' }), 'another key');
    const past = Math.floor(Date.now() / 1000) - 3600;
    await assertInactive(
      app,
      forgeAccessToken(account.user.id, { sid, claims: { iat: past, exp: past + 60, auth_time: past } }),
      'expired',
    );
    await assertInactive(app, 'not-a-jwt', 'garbage');
  });

  const badClients: [string, string | undefined][] = [
    ['no credentials', undefined],
    ['a wrong secret', basic('orders-api', `${SECRET}x`)],
    ['an unknown client', basic('nobody', SECRET)],
    ["another client's secret", basic('billing', SECRET)],
    ['a malformed Basic header', 'Basic !!!'],
    ['an access token instead of client credentials', 'Bearer x'],
  ];
  for (const [what, authorization] of badClients) {
    it(`when the client sends ${what}, then 401 invalid_client with a Basic challenge, and nothing about the token`, async () => {
      const req = request(app).post('/oauth/introspect').type('form');
      if (authorization) req.set('Authorization', authorization);
      const res = await req.send({ token: account.access_token }).expect(401);
      assert.deepEqual(res.body, { error: 'invalid_client' });
      assert.match(String(res.headers['www-authenticate']), /^Basic realm="introspection"/);
    });
  }

  it('when the body is JSON or has no token, then 415 or 400 problem details', async () => {
    const json = await request(app)
      .post('/oauth/introspect')
      .set('Authorization', basic('orders-api', SECRET))
      .send({ token: account.access_token })
      .expect(415);
    assert.equal(json.body.code, 'UNSUPPORTED_MEDIA_TYPE');
    const empty = await request(app)
      .post('/oauth/introspect')
      .set('Authorization', basic('orders-api', SECRET))
      .type('form')
      .send({ other: 'x' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'VALIDATION_FAILED');
  });

  it('when one address keeps failing client authentication, then it gets 429 after LOGIN_FAILURE_MAX failures', async () => {
    const limited = buildApp({ ...CLIENTS, LOGIN_FAILURE_MAX: '3' });
    for (let i = 0; i < 3; i += 1) await introspect(limited, account.access_token, basic('orders-api', 'wrong')).expect(401);
    const refused = await introspect(limited, account.access_token, basic('orders-api', 'wrong')).expect(429);
    assert.equal(refused.body.code, 'RATE_LIMITED');
  });

  it('when INTROSPECTION_CLIENTS is unset, then the route is 404 and not in the OpenAPI document', async () => {
    const without = buildApp();
    await introspect(without, account.access_token).expect(404);
    const document = await request(without).get('/openapi.json').expect(200);
    assert.ok(!('/oauth/introspect' in document.body.paths));
    const withClients = await request(app).get('/openapi.json').expect(200);
    assert.deepEqual(Object.keys(withClients.body.paths['/oauth/introspect'].post.requestBody.content), [
      'application/x-www-form-urlencoded',
    ]);
  });
});
