import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import mongoose from 'mongoose';
import request from 'supertest';
import { createApp } from '../../../src/app.js';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfig } from '../../../src/config/config.js';
import { createLogger } from '../../../src/logging/logger.js';
import { buildApp, FEATURES, TEST_JWT_SECRET, testConfig } from '../../helpers/app.js';
import { registerAccount } from '../../helpers/factories.js';
// feature:mfa
import { enableMfa, passwordStep } from '../../helpers/mfa.js';
// /feature:mfa

const TOKEN = 'metrics-token-0123456789-abcdefghijklmnopqrstuvwxyz';

/** The value of one sample line (`name{labels} value`) of a scrape, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((each) => each.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const scrape = async (app: RequestListener): Promise<string> => {
  const res = await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
  assert.equal(res.status, 200, res.text);
  return res.text;
};
const event = async (app: RequestListener, name: string) => sample(await scrape(app), `auth_events_total{event="${name}"}`);

describe('GET /metrics', () => {
  const app = buildApp({ METRICS_TOKEN: TOKEN });

  it('when METRICS_TOKEN is unset, then /metrics is 404 problem+json, as an unknown route', async () => {
    const res = await request(buildApp()).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    assert.equal(res.status, 404);
    assert.match(res.headers['content-type'] ?? '', /application\/problem\+json/);
  });

  it('when the metrics feature is switched off, then /metrics is 404 even with the token', async () => {
    const off = buildApp({ METRICS_TOKEN: TOKEN, DISABLED_FEATURES: 'metrics' });
    await request(off).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
  });

  it('when the token is missing or wrong, then /metrics is 404, as if absent', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789-abcdefghijklmnop', `Basic ${TOKEN}`, TOKEN]) {
      const res = await (authorization ? request(app).get('/metrics').set('Authorization', authorization) : request(app).get('/metrics'));
      assert.equal(res.status, 404, String(authorization));
      assert.equal(res.body.code, 'NOT_FOUND');
    }
  });

  it('when the token is right, then it serves the Prometheus text format with the default and the pool metrics', async () => {
    const res = await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    assert.match(res.headers['content-type'] ?? '', /^text\/plain; version=0\.0\.4/);
    assert.equal(res.headers['cache-control'], 'no-store');
    for (const name of ['process_cpu_seconds_total', 'nodejs_eventloop_lag_p99_seconds', 'password_hash_queue_depth']) {
      assert.ok(sample(res.text, name) !== undefined, `${name} in the scrape`);
    }
    for (const name of [
      'login_succeeded',
      'login_failed',
      'mfa_required',
      'mfa_failed',
      'refresh_reused',
      'session_revoked',
      'rate_limited',
      'account_locked',
    ]) {
      assert.ok(sample(res.text, `auth_events_total{event="${name}"}`) !== undefined, `${name} is there from the first scrape`);
    }
  });

  it('when requests are answered, then they are counted by route template, and a path no route matched is one label', async () => {
    const id = new mongoose.Types.ObjectId().toHexString();
    await request(app).delete(`/auth/sessions/${id}`).expect(401);
    await request(app).get('/no/such/path?secret=query-value').expect(404);
    const text = await scrape(app);
    assert.equal(sample(text, 'http_requests_total{method="DELETE",route="/auth/sessions/:id",status="401"}'), 1);
    assert.ok((sample(text, 'http_requests_total{method="GET",route="(unmatched)",status="404"}') ?? 0) >= 1);
    assert.ok(sample(text, 'http_request_duration_seconds_count{method="DELETE",route="/auth/sessions/:id",status="401"}') === 1);
    assert.ok(!text.includes(id) && !text.includes('query-value') && !text.includes('/no/such'), 'no raw path in a label');
  });

  it('when a scrape is served, then it makes no database call', async () => {
    const calls: string[] = [];
    mongoose.set('debug', (collection: string, method: string) => void calls.push(`${collection}.${method}`));
    try {
      await scrape(app);
    } finally {
      mongoose.set('debug', false);
    }
    assert.deepEqual(calls, []);
  });

  it('when sign-ins succeed, fail and reuse a refresh token, then each event is counted once where it happens', async () => {
    const events = buildApp({ METRICS_TOKEN: TOKEN });
    const account = await registerAccount(events);
    assert.equal(await event(events, 'login_succeeded'), 1, 'registration starts a session');
    await request(events).post('/auth/login').send({ email: account.email, password: 'not the passphrase' }).expect(401);
    assert.equal(await event(events, 'login_failed'), 1);
    await request(events).post('/auth/refresh').send({ refresh_token: account.refresh_token }).expect(200);
    await request(events).post('/auth/refresh').send({ refresh_token: account.refresh_token }).expect(401);
    assert.equal(await event(events, 'refresh_reused'), 1);
    assert.equal(await event(events, 'session_revoked'), 1, 'the reused family is ended');
  });

  it('when a limiter refuses, then rate_limited is counted, and the per-account budget counts account_locked', async () => {
    const limited = buildApp({ METRICS_TOKEN: TOKEN, RATE_LIMIT_AUTH_MAX: '1' });
    await request(limited).post('/auth/login').send({ email: 'a@example.com', password: 'x' });
    await request(limited).post('/auth/login').send({ email: 'a@example.com', password: 'x' }).expect(429);
    assert.equal(await event(limited, 'rate_limited'), 1);
    const locked = buildApp({ METRICS_TOKEN: TOKEN, LOGIN_FAILURE_MAX: '1' });
    const account = await registerAccount(locked);
    await request(locked).post('/auth/login').send({ email: account.email, password: 'wrong passphrase' }).expect(401);
    await request(locked).post('/auth/login').send({ email: account.email, password: account.password }).expect(429);
    assert.equal(await event(locked, 'account_locked'), 1);
    assert.equal(await event(locked, 'rate_limited'), 0);
  });

  // feature:mfa
  it('when an account with TOTP signs in, then mfa_required is counted, and a wrong code counts mfa_failed', async () => {
    const mfa = buildApp({ METRICS_TOKEN: TOKEN });
    const account = await enableMfa(mfa, await registerAccount(mfa));
    const mfaToken = await passwordStep(mfa, account);
    assert.equal(await event(mfa, 'mfa_required'), 1);
    const wrong = await request(mfa).post('/auth/login/mfa').send({ mfa_token: mfaToken, code: '000000' });
    assert.equal(wrong.body.code, 'INVALID_MFA_CODE');
    assert.equal(await event(mfa, 'mfa_failed'), 1);
  });
  // /feature:mfa

  it('when /metrics is scraped, then the token reaches no log line', async () => {
    const lines: string[] = [];
    const config = testConfig({ METRICS_TOKEN: TOKEN, LOG_LEVEL: 'debug' });
    const logger = createLogger(config, { write: (line: string) => void lines.push(line) });
    const logged = createApp({ config, logger, features: FEATURES });
    await request(logged).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    await request(logged).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(404);
    assert.ok(
      lines.some((line) => line.includes('/metrics')),
      'the scrapes are logged',
    );
    assert.ok(!lines.some((line) => line.includes(TOKEN)), lines.join('\n'));
  });

  it('when METRICS_TOKEN is weak, then the configuration refuses to load', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, METRICS_TOKEN: 'short' }), ConfigError);
  });
});
