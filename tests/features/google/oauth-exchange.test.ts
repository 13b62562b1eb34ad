import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../../src/app.js';
import { hashToken } from '../../../src/auth/single-use-token.js';
import { createLogger } from '../../../src/logging/logger.js';
import { OAuthCodeModel } from '../../../src/sign-in/sign-in-code.model.js';
import { FEATURES, buildApp, testConfig } from '../../helpers/app.js';
import {
  beginGoogleSignIn,
  finishGoogleSignIn,
  oneTimeCode,
  setCookie,
  signInWithGoogle,
  startTestProvider,
  TEST_CLIENT,
  type TestProvider,
} from '../../helpers/oauth-provider.js';

const SUCCESS_REDIRECT = 'https://app.example.com/signed-in?from=google';
const ADA = { sub: 'google-sub-ada', email: 'ada@example.com', email_verified: true, name: 'Ada' };

/** POST /auth/oauth/exchange from the browser holding `cookie`. */
function exchange(app: RequestListener, body: object, cookie = ''): request.Test {
  return request(app).post('/auth/oauth/exchange').set('Cookie', cookie).send(body);
}

describe('GET /auth/google/callback with OAUTH_SUCCESS_REDIRECT, then POST /auth/oauth/exchange', () => {
  let provider: TestProvider;
  let app: RequestListener;
  before(async () => {
    provider = await startTestProvider();
    app = buildApp(provider.env({ OAUTH_SUCCESS_REDIRECT: SUCCESS_REDIRECT }));
  });
  after(async () => {
    await provider.stop();
  });
  beforeEach(() => {
    provider.signInAs(ADA);
  });

  it('when the sign-in succeeds, then it redirects there with a one-time code and no token in the URL', async () => {
    const res = await signInWithGoogle(app);
    assert.equal(res.status, 302);
    assert.equal(res.headers['cache-control'], 'no-store');
    const location = new URL(res.headers.location as string);
    assert.equal(`${location.origin}${location.pathname}`, 'https://app.example.com/signed-in');
    assert.equal(location.searchParams.get('from'), 'google', 'the existing query string is kept');
    assert.match(location.searchParams.get('code') ?? '', /^[\w-]{43}$/);
    assert.deepEqual([...location.searchParams.keys()].sort(), ['code', 'from']);
  });

  it('when the code is stored, then only its SHA-256 is, expiring within 60 seconds', async () => {
    const { code } = await oneTimeCode(app);
    const stored = await OAuthCodeModel.findOne({}).lean();
    assert.equal(stored?.tokenHash, hashToken(code));
    assert.ok(!JSON.stringify(stored).includes(code));
    const lifetime = (stored?.expiresAt.getTime() ?? 0) - Date.now();
    assert.ok(lifetime > 50_000 && lifetime <= 60_000, `lifetime ${lifetime} ms`);
  });

  it('when the code is traded, then it answers 200 with tokens and the user, and the access token works', async () => {
    const { code, cookie } = await oneTimeCode(app);
    const res = await exchange(app, { code }, cookie);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.user.email, 'ada@example.com');
    assert.deepEqual(res.body.user.providers, ['google']);
    const me = await request(app).get('/auth/me').set('Authorization', `Bearer ${res.body.access_token}`);
    assert.equal(me.status, 200);
    assert.equal(me.body.id, res.body.user.id);
  });

  it('when the code is traded with delivery "cookie", then the refresh token is in an HttpOnly cookie and not in the body', async () => {
    const { code, cookie } = await oneTimeCode(app);
    const res = await exchange(app, { code, delivery: 'cookie' }, cookie);
    assert.equal(res.status, 200);
    assert.equal(res.body.refresh_token, undefined);
    assert.equal(res.body.user.email, 'ada@example.com');
    const cookies = ((res.headers['set-cookie'] ?? []) as unknown as string[]).filter((cookie) => cookie.startsWith('refresh_token='));
    assert.equal(cookies.length, 1);
    assert.match(cookies[0] ?? '', /^refresh_token=[\w-]{43}; Max-Age=\d+; Path=\/auth; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
  });

  it('when the code is traded twice, then the second answers 400 INVALID_OAUTH_CODE', async () => {
    const { code, cookie } = await oneTimeCode(app);
    const answers = await Promise.all([1, 2].map(() => exchange(app, { code }, cookie)));
    assert.deepEqual(answers.map((res) => res.status).sort(), [200, 400]);
    const again = await exchange(app, { code }, cookie);
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'INVALID_OAUTH_CODE');
  });

  it('when the code has expired, then it answers 400 INVALID_OAUTH_CODE', async () => {
    const { code, cookie } = await oneTimeCode(app);
    await OAuthCodeModel.updateOne({ tokenHash: hashToken(code) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await exchange(app, { code }, cookie);
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_OAUTH_CODE');
  });

  it('when the code is unknown, then it answers 400 INVALID_OAUTH_CODE', async () => {
    const res = await request(app)
      .post('/auth/oauth/exchange')
      .send({ code: 'x'.repeat(43) });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_OAUTH_CODE');
  });

  it('when the body is not a single string code, then it answers 400 VALIDATION_FAILED', async () => {
    const { cookie } = await oneTimeCode(app);
    for (const body of [{}, { code: { $ne: '' } }, { code: ['a'] }, { code: 'a', user: 'x' }]) {
      const res = await exchange(app, body, cookie);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 'VALIDATION_FAILED');
    }
    assert.equal(await OAuthCodeModel.countDocuments({ spentAt: null }), 1);
  });

  it('when a sign-in fails, then no code is issued', async () => {
    provider.signInAs({ ...ADA, email_verified: false });
    const res = await signInWithGoogle(app);
    assert.equal(res.status, 403);
    assert.equal(await OAuthCodeModel.countDocuments({}), 0);
  });

  it('when the whole flow runs at trace level, then the logs hold no secret', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const config = testConfig({ ...provider.env({ OAUTH_SUCCESS_REDIRECT: SUCCESS_REDIRECT }), LOG_LEVEL: 'trace' });
    const logged = createApp({ config, logger: createLogger(config, sink), features: FEATURES }) as unknown as RequestListener;
    const pending = await beginGoogleSignIn(logged);
    const callback = await finishGoogleSignIn(logged, pending);
    const code = new URL(callback.headers.location as string).searchParams.get('code') ?? '';
    const tokens = await exchange(logged, { code }, setCookie(callback, 'oauth_code'));
    assert.equal(tokens.status, 200);
    const verifier = provider.tokenRequests.at(-1)?.code_verifier ?? 'no verifier seen';
    const replay = await finishGoogleSignIn(logged, pending);
    assert.equal(replay.status, 401);
    const log = lines.join('');
    assert.ok(log.includes('/auth/oauth/exchange'), 'requests were logged');
    const secrets = {
      'client secret': TEST_CLIENT.secret,
      'one-time code': code,
      'access token': tokens.body.access_token as string,
      'refresh token': tokens.body.refresh_token as string,
      'cookie secret': config.cookieSecret,
      'state cookie': decodeURIComponent(pending.cookie.split('=')[1] ?? ''),
      'code cookie': decodeURIComponent(setCookie(callback, 'oauth_code')?.split('=')[1] ?? 'no code cookie seen'),
      'PKCE verifier': verifier,
    };
    // Not listed: the provider's authorization code in the callback URL. It is spent (or useless without
    // the verifier and the client secret) by the time the line is written, as in any access log.
    for (const [name, secret] of Object.entries(secrets)) assert.ok(!log.includes(secret), `the log holds the ${name}`);
  });
});
