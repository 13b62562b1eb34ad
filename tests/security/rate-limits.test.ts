import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { buildApp } from '../helpers/app.js';
import { registerAccount, uniqueEmail } from '../helpers/factories.js';

const randomIp = () => `${randomInt(1, 224)}.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const wrongLogin = { email: 'nobody@example.com', password: 'not the passphrase' };

describe('security: abuse limits (memory counters)', () => {
  it('when an IP exceeds RATE_LIMIT_AUTH_MAX on login and register, then it gets 429 RATE_LIMITED with Retry-After and RateLimit-*', async () => {
    const app = buildApp({ RATE_LIMIT_AUTH_MAX: '3', RATE_LIMIT_AUTH_WINDOW: '15m' });
    const first = await request(app).post('/auth/login').send(wrongLogin);
    assert.equal(first.headers['ratelimit-limit'], '3');
    assert.equal(first.headers['ratelimit-remaining'], '2');
    assert.equal(first.headers['ratelimit-policy'], '3;w=900');
    // Login and register share one budget, and malformed requests spend it too.
    await request(app).post('/auth/register').send({ email: 'not-an-email' }).expect(400);
    await request(app).post('/auth/login').send(wrongLogin).expect(401);
    for (const path of ['/auth/login', '/auth/register']) {
      const res = await request(app).post(path).send(wrongLogin);
      assert.equal(res.status, 429);
      assert.equal(res.body.code, 'RATE_LIMITED');
      assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
      assert.equal(res.headers['ratelimit-remaining'], '0');
      const retryAfter = Number(res.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 900, `Retry-After ${res.headers['retry-after']}`);
      assert.ok(Number(res.headers['ratelimit-reset']) > 0);
    }
  });

  it('when the limit is hit, then even a valid registration is refused (it counts before validation and success)', async () => {
    const app = buildApp({ RATE_LIMIT_AUTH_MAX: '1' });
    await registerAccount(app);
    const res = await request(app).post('/auth/register').send({ email: uniqueEmail(), password: 'a long enough passphrase' });
    assert.equal(res.status, 429);
  });

  it('when TRUST_PROXY is 0 and every request carries a random X-Forwarded-For, then the limit still trips', async () => {
    const app = buildApp({ RATE_LIMIT_AUTH_MAX: '3' });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await request(app).post('/auth/login').set('X-Forwarded-For', randomIp()).set('X-Real-IP', randomIp()).send(wrongLogin);
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
  });

  it('when TRUST_PROXY is 1, then only the address the proxy appended counts (a spoofed left part buys nothing)', async () => {
    const app = buildApp({ RATE_LIMIT_AUTH_MAX: '2', TRUST_PROXY: '1' });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await request(app).post('/auth/login').set('X-Forwarded-For', `${randomIp()}, 203.0.113.7`).send(wrongLogin);
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [401, 401, 429, 429]);
    const other = await request(app).post('/auth/login').set('X-Forwarded-For', '198.51.100.9').send(wrongLogin);
    assert.equal(other.status, 401);
  });

  it('when IPv6 clients share a /64, then they share one counter; another /64 has its own', async () => {
    const app = buildApp({ RATE_LIMIT_AUTH_MAX: '2', TRUST_PROXY: '1' });
    const from = (ip: string) => request(app).post('/auth/login').set('X-Forwarded-For', ip).send(wrongLogin);
    assert.equal((await from('2001:db8:1:2::1')).status, 401);
    assert.equal((await from('2001:db8:1:2:ffff:ffff:ffff:fffe')).status, 401);
    assert.equal((await from('2001:db8:1:2:abcd::42')).status, 429);
    assert.equal((await from('2001:db8:1:3::1')).status, 401);
  });

  it('when the proxy writes the client with a port (ip:port), then a new source port buys no new budget', async () => {
    const app = buildApp({ RATE_LIMIT_AUTH_MAX: '3', TRUST_PROXY: '1' });
    const from = (ip: string) => request(app).post('/auth/login').set('X-Forwarded-For', ip).send(wrongLogin);
    assert.equal((await from('203.0.113.7:50001')).status, 401);
    assert.equal((await from('203.0.113.7:50002')).status, 401);
    assert.equal((await from('::ffff:203.0.113.7')).status, 401);
    assert.equal((await from('203.0.113.7:50003')).status, 429);
    assert.equal((await from('[2001:db8:1:2::1]:443')).status, 401);
    assert.equal((await from('[2001:db8:1:2::2]')).status, 401);
    assert.equal((await from('2001:db8:1:2::3')).status, 401);
    assert.equal((await from('[2001:db8:1:2::4]:444')).status, 429);
  });

  it('when refresh is called too often from one IP, then it answers 429, with a budget apart from login', async () => {
    const app = buildApp({ RATE_LIMIT_AUTH_MAX: '2' });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await request(app).post('/auth/refresh').send({ refresh_token: 'unknown' })).status);
    assert.deepEqual(statuses, [401, 401, 429]);
    assert.equal((await request(app).post('/auth/login').send(wrongLogin)).status, 401);
  });

  // feature:google
  describe('the Google start', () => {
    const google = {
      GOOGLE_CLIENT_ID: 'client',
      GOOGLE_CLIENT_SECRET: 'client-secret',
      GOOGLE_CALLBACK_URL: 'http://localhost:3000/auth/google/callback',
    };

    it('when GET /auth/google is called beyond RATE_LIMIT_AUTH_MAX, then it answers 429, from the budget login spends too', async () => {
      const app = buildApp({ ...google, RATE_LIMIT_AUTH_MAX: '2' });
      await request(app).post('/auth/login').send(wrongLogin).expect(401);
      await request(app).get('/auth/google').expect(302);
      const res = await request(app).get('/auth/google');
      assert.equal(res.status, 429);
      assert.equal(res.body.code, 'RATE_LIMITED');
    });

    it('when a page asks with HEAD whether Google sign-in is on, then the answer is the same 302 and spends no budget', async () => {
      const app = buildApp({ ...google, RATE_LIMIT_AUTH_MAX: '2' });
      for (let i = 0; i < 5; i += 1) await request(app).head('/auth/google').expect(302);
      await request(app).get('/auth/google').expect(302);
      await request(app).get('/auth/google').expect(302);
      await request(app).get('/auth/google').expect(429);
    });

    it('when Google sign-in is off, then GET /auth/google answers 404 without spending the sign-in budget', async () => {
      const app = buildApp({ RATE_LIMIT_AUTH_MAX: '1' });
      for (let i = 0; i < 3; i += 1) await request(app).get('/auth/google').expect(404);
      await request(app).post('/auth/login').send(wrongLogin).expect(401);
    });
  });
  // /feature:google

  it('when an email has LOGIN_FAILURE_MAX failures from two IPs, then even the right password gets 429, from any IP', async () => {
    const app = buildApp({ LOGIN_FAILURE_MAX: '3', TRUST_PROXY: '1' });
    const account = await registerAccount(app, { email: 'target@example.com' });
    const login = (ip: string, email: string, password: string) =>
      request(app).post('/auth/login').set('X-Forwarded-For', ip).send({ email, password });
    await login('198.51.100.1', 'target@example.com', 'wrong one').expect(401);
    await login('198.51.100.1', ' TARGET@example.com', 'wrong two').expect(401);
    await login('203.0.113.50', 'Target@Example.com ', 'wrong three').expect(401);
    const right = await login('192.0.2.77', account.email, account.password);
    assert.equal(right.status, 429);
    assert.equal(right.body.code, 'RATE_LIMITED');
    assert.ok(Number(right.headers['retry-after']) > 0);
    const otherAccount = await registerAccount(app);
    await login('198.51.100.1', otherAccount.email, otherAccount.password).expect(200);
  });

  it('when a stolen access token guesses current_password (a password oracle), then the guesses spend the login failure budget', async () => {
    const app = buildApp({ LOGIN_FAILURE_MAX: '3' });
    const account = await registerAccount(app);
    const change = (current: string) =>
      request(app)
        .post('/auth/password')
        .set('Authorization', `Bearer ${account.access_token}`)
        .send({ current_password: current, new_password: 'another long passphrase' });
    await change('guess one').expect(401);
    await change('guess two').expect(401);
    await request(app).post('/auth/login').send({ email: account.email, password: 'guess three' }).expect(401);
    const right = await change(account.password);
    assert.equal(right.status, 429);
    assert.equal(right.body.code, 'RATE_LIMITED');
    assert.equal((await request(app).post('/auth/login').send({ email: account.email, password: account.password })).status, 429);
  });

  it('when logins succeed, then they do not count as failures', async () => {
    const app = buildApp({ LOGIN_FAILURE_MAX: '2' });
    const account = await registerAccount(app);
    for (let i = 0; i < 4; i += 1)
      await request(app).post('/auth/login').send({ email: account.email, password: account.password }).expect(200);
    await request(app).post('/auth/login').send({ email: account.email, password: 'wrong one' }).expect(401);
    await request(app).post('/auth/login').send({ email: account.email, password: account.password }).expect(200);
  });

  it('when two apps run in one process without Redis, then each has its own memory counters', async () => {
    const [a, b] = [buildApp({ RATE_LIMIT_AUTH_MAX: '1' }), buildApp({ RATE_LIMIT_AUTH_MAX: '1' })];
    await request(a).post('/auth/login').send(wrongLogin).expect(401);
    await request(a).post('/auth/login').send(wrongLogin).expect(429);
    await request(b).post('/auth/login').send(wrongLogin).expect(401);
  });
});
