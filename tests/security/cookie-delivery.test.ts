import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request, { type Response } from 'supertest';
import { hashToken } from '../../src/auth/single-use-token.js';
import { RefreshTokenModel } from '../../src/models/refresh-token.model.js';
import { buildApp } from '../helpers/app.js';
import { uniqueEmail } from '../helpers/factories.js';

const PRODUCTION = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:27017/unused', TRUST_PROXY: '1', LOG_LEVEL: 'silent' };
const HOST = 'api.example.test';
const OWN_ORIGIN = `http://${HOST}`;
const FRONT_END = 'https://app.example.com';
const PASSWORD = 'a long enough passphrase';
const THIRTY_DAYS = 30 * 24 * 3600;

interface SetCookie {
  readonly name: string;
  readonly value: string;
  readonly attributes: Record<string, string | true>;
}

/** The Set-Cookie headers of a response, parsed. */
function setCookies(res: Response): SetCookie[] {
  const headers = (res.headers['set-cookie'] ?? []) as unknown as string[];
  return headers.map((header) => {
    const [pair = '', ...attributes] = header.split('; ');
    const at = pair.indexOf('=');
    return {
      name: pair.slice(0, at),
      value: pair.slice(at + 1),
      attributes: Object.fromEntries(attributes.map((attribute) => [attribute.split('=')[0] ?? '', attribute.split('=')[1] ?? true])),
    };
  });
}

function refreshCookie(res: Response, name = 'refresh_token'): SetCookie {
  const cookies = setCookies(res).filter((cookie) => cookie.name === name);
  assert.equal(cookies.length, 1, `one ${name} cookie in ${JSON.stringify(res.headers['set-cookie'])}`);
  return cookies[0] as SetCookie;
}

/** Signs up with cookie delivery over plain HTTP (test config): the access token, and the cookie's value. */
async function signUpWithCookie(app: RequestListener): Promise<{ accessToken: string; cookie: string }> {
  const res = await request(app).post('/auth/register').send({ email: uniqueEmail(), password: PASSWORD, delivery: 'cookie' });
  assert.equal(res.status, 201, res.text);
  return { accessToken: res.body.access_token, cookie: refreshCookie(res).value };
}

const cookieRefresh = (app: RequestListener, cookie: string, origin?: string) => {
  const req = request(app).post('/auth/refresh').set('Host', HOST).set('Cookie', `refresh_token=${cookie}`);
  return (origin === undefined ? req : req.set('Origin', origin)).send({});
};

describe('security: refresh token in a cookie (cookie delivery)', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp({ CORS_ORIGINS: FRONT_END });
  });

  it('when production signs in over HTTPS with cookie delivery, then the cookie is __Secure-refresh_token with exactly the contract attributes', async () => {
    const res = await request(buildApp(PRODUCTION))
      .post('/auth/register')
      .set('X-Forwarded-Proto', 'https')
      .send({ email: uniqueEmail(), password: PASSWORD, delivery: 'cookie' });
    assert.equal(res.status, 201, res.text);
    const { value, attributes } = refreshCookie(res, '__Secure-refresh_token');
    assert.match(value, /^[\w-]{43}$/);
    const { Expires: expires, ...rest } = attributes;
    assert.deepEqual(rest, { Path: '/auth', HttpOnly: true, Secure: true, SameSite: 'Strict', 'Max-Age': String(THIRTY_DAYS) });
    assert.ok(Math.abs(Date.parse(String(expires)) - (Date.now() + THIRTY_DAYS * 1000)) < 60_000, 'Expires agrees with Max-Age');
  });

  it('when not in production and over plain HTTP, then the cookie drops the __Secure- prefix and Secure, and keeps the rest', async () => {
    const res = await request(app).post('/auth/register').send({ email: uniqueEmail(), password: PASSWORD, delivery: 'cookie' });
    const { attributes } = refreshCookie(res);
    assert.equal(attributes.Secure, undefined);
    assert.equal(attributes.HttpOnly, true);
    assert.equal(attributes.SameSite, 'Strict');
    assert.equal(attributes.Path, '/auth');
  });

  it('when register, login and refresh use cookie delivery, then no body holds a refresh token, and body delivery sets no cookie', async () => {
    const email = uniqueEmail();
    const registered = await request(app).post('/auth/register').send({ email, password: PASSWORD, delivery: 'cookie' });
    const login = await request(app).post('/auth/login').send({ email, password: PASSWORD, delivery: 'cookie' });
    const refreshed = await cookieRefresh(app, refreshCookie(login).value, OWN_ORIGIN);
    for (const res of [registered, login, refreshed]) {
      assert.ok(res.status < 300, res.text);
      assert.equal(res.body.refresh_token, undefined);
      assert.doesNotMatch(res.text, new RegExp(refreshCookie(res).value));
      assert.ok(res.body.access_token);
      assert.equal(res.headers['cache-control'], 'no-store');
    }
    const bodyMode = await request(app).post('/auth/login').send({ email, password: PASSWORD });
    assert.ok(bodyMode.body.refresh_token);
    assert.equal(bodyMode.headers['set-cookie'], undefined);
  });

  it('when a body token is refreshed with delivery "cookie", then the new refresh token moves into the cookie', async () => {
    const login = await request(app).post('/auth/register').send({ email: uniqueEmail(), password: PASSWORD });
    const res = await request(app).post('/auth/refresh').send({ refresh_token: login.body.refresh_token, delivery: 'cookie' });
    assert.equal(res.status, 200);
    assert.equal(res.body.refresh_token, undefined);
    assert.ok(refreshCookie(res).value);
  });

  it('when the cookie refreshes, then the cookie is replaced, and asking for body delivery does not move it into the body', async () => {
    const { cookie } = await signUpWithCookie(app);
    const res = await request(app)
      .post('/auth/refresh')
      .set('Host', HOST)
      .set('Origin', OWN_ORIGIN)
      .set('Cookie', `refresh_token=${cookie}`)
      .send({ delivery: 'body' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.refresh_token, undefined);
    const replaced = refreshCookie(res);
    assert.notEqual(replaced.value, cookie);
    assert.equal(replaced.attributes['Max-Age'], String(THIRTY_DAYS));
    assert.equal((await cookieRefresh(app, replaced.value, OWN_ORIGIN)).status, 200, 'the new value works');
  });

  it('when a refresh or logout carries the cookie twice (one planted from a sibling subdomain), then 403 CSRF_REJECTED and neither is spent', async () => {
    const victim = await signUpWithCookie(app);
    const planted = await signUpWithCookie(app);
    const twice = (path: string, cookies: string[]) =>
      request(app)
        .post(path)
        .set('Host', HOST)
        .set('Origin', OWN_ORIGIN)
        .set('Cookie', cookies.map((value) => `refresh_token=${value}`).join('; '))
        .send({});
    for (const path of ['/auth/refresh', '/auth/logout']) {
      for (const cookies of [
        [planted.cookie, victim.cookie],
        [victim.cookie, planted.cookie],
      ]) {
        const res = await twice(path, cookies);
        assert.equal(res.status, 403, `${path}: ${res.text}`);
        assert.equal(res.body.code, 'CSRF_REJECTED');
        assert.equal(res.headers['set-cookie'], undefined, 'no cookie is set or cleared');
      }
    }
    for (const { cookie } of [victim, planted]) {
      const stored = await RefreshTokenModel.findOne({ tokenHash: hashToken(cookie) }).lean();
      assert.equal(stored?.spentAt, null);
      assert.equal(stored.revokedAt, null);
      assert.equal((await cookieRefresh(app, cookie, OWN_ORIGIN)).status, 200, 'each still refreshes alone');
    }
  });

  it('when an old cookie value is replayed, then the whole session is revoked, its access token dies and the cookie is cleared', async () => {
    const { cookie } = await signUpWithCookie(app);
    const rotated = await cookieRefresh(app, cookie, OWN_ORIGIN);
    const current = refreshCookie(rotated).value;
    const replay = await cookieRefresh(app, cookie, OWN_ORIGIN);
    assert.equal(replay.status, 401);
    assert.equal(replay.body.code, 'REFRESH_TOKEN_REUSED');
    const cleared = refreshCookie(replay);
    assert.equal(cleared.value, '');
    assert.equal(cleared.attributes['Max-Age'], '0');
    assert.equal(cleared.attributes.Path, '/auth');
    assert.equal((await cookieRefresh(app, current, OWN_ORIGIN)).status, 401, 'the newest value of the family is revoked too');
    const me = await request(app).get('/auth/me').set('Authorization', `Bearer ${rotated.body.access_token}`);
    assert.equal(me.status, 401);
  });

  it('when the cookie of an ended session refreshes, then it answers 401 and clears the cookie', async () => {
    const { accessToken, cookie } = await signUpWithCookie(app);
    const sessions = await request(app).get('/auth/sessions').set('Authorization', `Bearer ${accessToken}`);
    await request(app).delete(`/auth/sessions/${sessions.body.items[0].id}`).set('Authorization', `Bearer ${accessToken}`);
    const res = await cookieRefresh(app, cookie, OWN_ORIGIN);
    assert.equal(res.status, 401);
    assert.equal(refreshCookie(res).attributes['Max-Age'], '0');
  });

  for (const [what, origin] of [
    ['no Origin', undefined],
    ['a foreign Origin', 'https://evil.example'],
    ['Origin: null', 'null'],
    ['our host over the other scheme', `https://${HOST}`],
  ] as const) {
    it(`when a refresh and a logout rely on the cookie with ${what}, then both answer 403 CSRF_REJECTED and the token still works from an allowed origin`, async () => {
      const { cookie } = await signUpWithCookie(app);
      const refused = await cookieRefresh(app, cookie, origin);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'CSRF_REJECTED');
      assert.equal(refused.headers['set-cookie'], undefined);
      const logout = request(app).post('/auth/logout').set('Host', HOST).set('Cookie', `refresh_token=${cookie}`);
      const loggedOut = await (origin === undefined ? logout : logout.set('Origin', origin)).send({});
      assert.equal(loggedOut.status, 403);
      const stored = await RefreshTokenModel.findOne({ tokenHash: hashToken(cookie) }).lean();
      assert.deepEqual([stored?.spentAt, stored?.revokedAt], [null, null], 'nothing was spent or revoked');
      assert.equal((await cookieRefresh(app, cookie, FRONT_END)).status, 200, 'from CORS_ORIGINS');
    });
  }

  it('when a logout relies on the cookie from our own origin, then the session is revoked and the cookie cleared', async () => {
    const { accessToken, cookie } = await signUpWithCookie(app);
    const res = await request(app)
      .post('/auth/logout')
      .set('Host', HOST)
      .set('Origin', OWN_ORIGIN)
      .set('Cookie', `refresh_token=${cookie}`)
      .send({});
    assert.equal(res.status, 204);
    assert.equal(refreshCookie(res).attributes['Max-Age'], '0');
    assert.equal((await request(app).get('/auth/me').set('Authorization', `Bearer ${accessToken}`)).status, 401);
    assert.equal((await cookieRefresh(app, cookie, OWN_ORIGIN)).status, 401);
  });

  it('when a refresh has neither a body token nor a cookie, then it answers 400 VALIDATION_FAILED', async () => {
    const res = await request(app).post('/auth/refresh').set('Origin', OWN_ORIGIN).send({});
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'VALIDATION_FAILED');
    assert.equal(res.body.errors[0].path, 'refresh_token');
  });
});
