import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import { setImmediate as tick } from 'node:timers/promises';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { FEATURES, testConfig } from '../helpers/app.js';
import { guardResponses } from '../helpers/response-guard.js';

interface RequestLine {
  level: number;
  msg: string;
  req: { id: string; method: string; path: string };
  res: { statusCode: number };
  responseTime: number;
}

/** An app whose logger (LOG_LEVEL info unless given) writes into `lines` instead of stdout. */
function appWithCapturedLog(level = 'info'): { app: RequestListener; lines: string[] } {
  const lines: string[] = [];
  const config = testConfig({ LOG_LEVEL: level });
  const logger = createLogger(config, { write: (line: string) => void lines.push(line) });
  return { app: guardResponses(createApp({ config, logger, features: FEATURES })), lines };
}

function requestLines(lines: readonly string[]): RequestLine[] {
  return lines
    .map((line) => JSON.parse(line) as RequestLine & { responseTime?: number })
    .filter((entry) => entry.responseTime !== undefined);
}

describe('request logging', () => {
  it('when a user registers, logs in, calls /auth/me, refreshes and logs out, then no log line holds a password, a token, the Authorization header or a cookie', async () => {
    const { app, lines } = appWithCapturedLog();
    const password = 'a passphrase nobody should log';
    const cookie = 'session=cookie-value-that-must-not-be-logged';
    const registered = await request(app)
      .post('/auth/register')
      .set('Cookie', cookie)
      .send({ email: 'logged@example.com', password, name: 'Log' });
    assert.equal(registered.status, 201);
    const login = await request(app).post('/auth/login').set('Cookie', cookie).send({ email: 'logged@example.com', password });
    assert.equal(login.status, 200);
    const authorization = `Bearer ${login.body.access_token}`;
    const me = await request(app).get('/auth/me').set('Authorization', authorization).set('Cookie', cookie);
    assert.equal(me.status, 200);
    const refreshed = await request(app).post('/auth/refresh').send({ refresh_token: login.body.refresh_token });
    assert.equal(refreshed.status, 200);
    const logout = await request(app).post('/auth/logout').send({ refresh_token: refreshed.body.refresh_token });
    assert.equal(logout.status, 204);
    await tick();

    const secrets = {
      password,
      cookie: 'cookie-value-that-must-not-be-logged',
      'the Authorization header': authorization,
      ...Object.fromEntries(
        [registered, login, refreshed].flatMap((res, i) => [
          [`access token ${i}`, res.body.access_token as string],
          [`refresh token ${i}`, res.body.refresh_token as string],
        ]),
      ),
    };
    assert.ok(lines.length >= 5, `expected a line per request, got ${lines.length}`);
    for (const line of lines) {
      for (const [name, secret] of Object.entries(secrets)) assert.ok(!line.includes(secret), `a log line holds ${name}: ${line}`);
    }
  });

  it('when requests are served, then each gives one line with method, path without query, status, duration and request id', async () => {
    const { app, lines } = appWithCapturedLog();
    const ok = await request(app).get('/health?token=query-secret').set('X-Request-Id', 'trace-abc.123');
    const missing = await request(app).get('/no/such/route').set('X-Request-Id', 'not a valid id; drop table');
    const invalid = await request(app).post('/auth/login').send({ email: 'x' });
    await tick();

    assert.equal(ok.headers['x-request-id'], 'trace-abc.123');
    assert.match(missing.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
    assert.match(invalid.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
    const logged = requestLines(lines);
    assert.equal(logged.length, 3, lines.join('\n'));
    assert.deepEqual(
      logged.map((entry) => [entry.req.method, entry.req.path, entry.res.statusCode, entry.req.id]),
      [
        ['GET', '/health', 200, 'trace-abc.123'],
        ['GET', '/no/such/route', 404, missing.headers['x-request-id']],
        ['POST', '/auth/login', 400, invalid.headers['x-request-id']],
      ],
    );
    for (const entry of logged) {
      assert.equal(typeof entry.responseTime, 'number');
      assert.deepEqual(Object.keys(entry.req).sort(), ['id', 'method', 'path'], 'no headers, query or body in the request');
    }
    assert.ok(!lines.join('\n').includes('query-secret'), 'the query string was logged');
  });

  // feature:mail
  it("when LOG_LEVEL is warn, then a 2xx gives no line and a 5xx gives its error line and the handler's warning, both with the request id", async () => {
    const { app, lines } = appWithCapturedLog('warn');
    const ok = await request(app).get('/health');
    // No outbox: the mail routes answer 503 MAIL_NOT_CONFIGURED.
    const failed = await request(app).post('/auth/password/forgot').send({ email: 'ada@example.com' });
    await tick();

    assert.equal(ok.status, 200);
    assert.equal(failed.status, 503);
    const entries = lines.map((line) => JSON.parse(line) as Partial<RequestLine>);
    assert.deepEqual(
      entries.map((entry) => [entry.level, entry.req?.path, entry.req?.id, entry.res?.statusCode]),
      [
        [40, '/auth/password/forgot', failed.headers['x-request-id'], undefined],
        [50, '/auth/password/forgot', failed.headers['x-request-id'], 503],
      ],
      lines.join('\n'),
    );
  });
  // /feature:mail

  it('when LOG_LEVEL is unset in tests, then the logger is silent', () => {
    assert.equal(createLogger(testConfig()).level, 'silent');
  });
});
