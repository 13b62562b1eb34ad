import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { RefreshTokenModel } from '../../../src/models/refresh-token.model.js';
import { UserModel } from '../../../src/models/user.model.js';
import { buildApp } from '../../helpers/app.js';
import { registerAccount } from '../../helpers/factories.js';
import {
  CALLBACK_URL,
  TEST_CLIENT,
  beginGoogleSignIn,
  finishGoogleSignIn,
  setCookie,
  signInWithGoogle,
  startTestProvider,
  type TestProvider,
} from '../../helpers/oauth-provider.js';

const ADA = { sub: 'google-sub-ada', email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' };

function withoutParam(path: string, name: string): string {
  const url = new URL(path, 'http://app');
  url.searchParams.delete(name);
  return `${url.pathname}${url.search}`;
}

describe('Google sign-in', () => {
  let provider: TestProvider;
  let app: RequestListener;
  before(async () => {
    provider = await startTestProvider();
    app = buildApp(provider.env());
  });
  after(async () => {
    await provider.stop();
  });
  beforeEach(() => {
    provider.signInAs(ADA);
    provider.authorizeRequests.length = 0;
    provider.tokenRequests.length = 0;
  });

  describe('when Google credentials are unset', () => {
    it('then GET /auth/google and its callback answer 404 OAUTH_NOT_CONFIGURED', async () => {
      const plain = buildApp();
      for (const path of ['/auth/google', '/auth/google/callback?code=abc&state=def']) {
        const res = await request(plain).get(path);
        assert.equal(res.status, 404, path);
        assert.equal(res.body.code, 'OAUTH_NOT_CONFIGURED');
      }
    });
  });

  describe('GET /auth/google', () => {
    it('when called, then it redirects to the authorization endpoint with state and an S256 challenge', async () => {
      const res = await request(app).get('/auth/google');
      assert.equal(res.status, 302);
      const location = new URL(res.headers.location as string);
      assert.equal(`${location.origin}${location.pathname}`, `${provider.issuer}/authorize`);
      const query = location.searchParams;
      assert.equal(query.get('response_type'), 'code');
      assert.equal(query.get('client_id'), TEST_CLIENT.id);
      assert.equal(query.get('redirect_uri'), CALLBACK_URL);
      assert.deepEqual(query.get('scope')?.split(' ').sort(), ['email', 'openid', 'profile']);
      assert.match(query.get('state') ?? '', /^[\w-]{32,}$/);
      assert.match(query.get('code_challenge') ?? '', /^[\w-]{43}$/);
      assert.equal(query.get('code_challenge_method'), 'S256');
    });

    it('when called with prompt=login (re-authentication), then the provider is asked to sign the person in again; another value is 400', async () => {
      const plain = new URL((await request(app).get('/auth/google')).headers.location as string);
      assert.equal(plain.searchParams.get('prompt'), null);
      const res = await request(app).get('/auth/google?prompt=login');
      assert.equal(res.status, 302, res.text);
      assert.equal(new URL(res.headers.location as string).searchParams.get('prompt'), 'login');
      assert.equal((await request(app).get('/auth/google?prompt=none')).status, 400);
      assert.equal((await request(app).get('/auth/google?scope=admin')).status, 400);
    });

    it('when called, then the state cookie is signed, HttpOnly, SameSite=Lax, scoped to /auth/google and short-lived', async () => {
      const res = await request(app).get('/auth/google');
      const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((value) => value.startsWith('oauth_state='));
      assert.ok(header);
      assert.match(header, /^oauth_state=s%3A/, 'signed by cookie-parser');
      assert.match(header, /; HttpOnly/);
      assert.match(header, /; SameSite=Lax/);
      assert.match(header, /; Path=\/auth\/google;/);
      assert.match(header, /; Max-Age=600;/);
      assert.doesNotMatch(header, /; Secure/, 'the test callback is plain http');
    });
  });

  describe('GET /auth/google/callback without OAUTH_SUCCESS_REDIRECT', () => {
    it('when a new Google user signs in, then it answers 200 with tokens and creates the user', async () => {
      const res = await signInWithGoogle(app);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.body.token_type, 'Bearer');
      assert.equal(typeof res.body.refresh_token, 'string');
      assert.deepEqual(
        {
          email: res.body.user.email,
          name: res.body.user.name,
          email_verified: res.body.user.email_verified,
          providers: res.body.user.providers,
        },
        { email: 'ada@example.com', name: 'Ada Lovelace', email_verified: true, providers: ['google'] },
      );
      const stored = await UserModel.findOne({ email: 'ada@example.com' }).select('+passwordHash').lean();
      assert.equal(stored?.googleId, ADA.sub);
      assert.equal(stored?.passwordHash, undefined);
      const me = await request(app).get('/auth/me').set('Authorization', `Bearer ${res.body.access_token}`);
      assert.equal(me.status, 200);
      assert.equal(me.body.id, res.body.user.id);
    });

    it('when the callback is answered, then the state cookie is cleared', async () => {
      const res = await signInWithGoogle(app);
      assert.equal(res.status, 200);
      const cleared = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((value) => value.startsWith('oauth_state='));
      assert.match(cleared ?? '', /^oauth_state=; Max-Age=0; Path=\/auth\/google;/);
    });

    it('when the code is exchanged, then the PKCE verifier reaches the token endpoint and matches the S256 challenge', async () => {
      const pending = await beginGoogleSignIn(app);
      const res = await finishGoogleSignIn(app, pending);
      assert.equal(res.status, 200);
      assert.equal(provider.tokenRequests.length, 1);
      const verifier = provider.tokenRequests[0]?.code_verifier ?? '';
      assert.match(verifier, /^[\w-]{43,128}$/);
      assert.equal(createHash('sha256').update(verifier).digest('base64url'), pending.authorizeUrl.searchParams.get('code_challenge'));
      assert.equal(provider.authorizeRequests[0]?.get('code_challenge'), pending.authorizeUrl.searchParams.get('code_challenge'));
      assert.ok(!pending.authorizeUrl.href.includes(verifier), 'the verifier never leaves in the authorization URL');
    });

    it('when a returning user changed their Google email, then it signs in the same user and follows the new email', async () => {
      const first = await signInWithGoogle(app);
      provider.signInAs({ ...ADA, email: 'ada@new.example.com' });
      const second = await signInWithGoogle(app);
      assert.equal(second.status, 200);
      assert.equal(second.body.user.id, first.body.user.id);
      assert.equal(second.body.user.email, 'ada@new.example.com');
      assert.equal(await UserModel.countDocuments({}), 1);
    });

    it('when a returning user’s new email belongs to another account, then it keeps the old email and merges nothing', async () => {
      const first = await signInWithGoogle(app);
      const other = await registerAccount(app, { email: 'taken@example.com' });
      provider.signInAs({ ...ADA, email: 'taken@example.com' });
      const second = await signInWithGoogle(app);
      assert.equal(second.status, 200);
      assert.equal(second.body.user.id, first.body.user.id);
      assert.equal(second.body.user.email, 'ada@example.com');
      const untouched = await UserModel.findById(other.user.id).lean();
      assert.equal(untouched?.googleId, undefined);
    });

    it('when the email belongs to an unverified password account, then it links Google, removes the password and revokes its sessions', async () => {
      const account = await registerAccount(app, { email: 'ada@example.com' });
      const res = await signInWithGoogle(app);
      assert.equal(res.status, 200);
      assert.equal(res.body.user.id, account.user.id);
      assert.deepEqual(res.body.user.providers, ['google']);
      assert.equal(res.body.user.email_verified, true);
      const login = await request(app).post('/auth/login').send({ email: account.email, password: account.password });
      assert.equal(login.status, 401);
      const refresh = await request(app).post('/auth/refresh').send({ refresh_token: account.refresh_token });
      assert.equal(refresh.status, 401);
      assert.equal(refresh.body.code, 'INVALID_REFRESH_TOKEN');
      const oldAccess = await request(app).get('/auth/me').set('Authorization', `Bearer ${account.access_token}`);
      assert.equal(oldAccess.status, 401);
      const newAccess = await request(app).get('/auth/me').set('Authorization', `Bearer ${res.body.access_token}`);
      assert.equal(newAccess.status, 200);
      assert.equal(await UserModel.countDocuments({}), 1);
    });

    it('when the email belongs to a verified password account, then it links Google and the password keeps working', async () => {
      const account = await registerAccount(app, { email: 'ada@example.com' });
      await UserModel.updateOne({ _id: account.user.id }, { $set: { emailVerified: true } });
      const res = await signInWithGoogle(app);
      assert.equal(res.status, 200);
      assert.equal(res.body.user.id, account.user.id);
      assert.deepEqual(res.body.user.providers, ['password', 'google']);
      const login = await request(app).post('/auth/login').send({ email: account.email, password: account.password });
      assert.equal(login.status, 200);
    });

    it('when the Google account of a disabled user signs in, then 403 ACCOUNT_DISABLED and no session is created', async () => {
      const first = await signInWithGoogle(app);
      assert.equal(first.status, 200);
      await UserModel.updateOne({ googleId: ADA.sub }, { $set: { disabled: true } });
      const res = await signInWithGoogle(app);
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'ACCOUNT_DISABLED');
      assert.equal(await RefreshTokenModel.countDocuments({ user: first.body.user.id }), 1);
    });

    it('when the provider says email_verified is false, then it answers 403 EMAIL_NOT_VERIFIED and creates no user', async () => {
      for (const emailVerified of [false, 'true', undefined]) {
        provider.signInAs({ ...ADA, email_verified: emailVerified });
        const res = await signInWithGoogle(app);
        assert.equal(res.status, 403, String(emailVerified));
        assert.equal(res.body.code, 'EMAIL_NOT_VERIFIED');
      }
      assert.equal(await UserModel.countDocuments({}), 0);
    });

    it('when the email of an unverified password account comes unverified from Google, then the account is untouched', async () => {
      const account = await registerAccount(app, { email: 'ada@example.com' });
      provider.signInAs({ ...ADA, email_verified: false });
      const res = await signInWithGoogle(app);
      assert.equal(res.status, 403);
      const login = await request(app).post('/auth/login').send({ email: account.email, password: account.password });
      assert.equal(login.status, 200);
    });

    it('when the callback has no state, then it answers 400 OAUTH_STATE_MISMATCH before any code exchange', async () => {
      const pending = await beginGoogleSignIn(app);
      const res = await finishGoogleSignIn(app, { ...pending, callbackPath: withoutParam(pending.callbackPath, 'state') });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'OAUTH_STATE_MISMATCH');
      assert.equal(provider.tokenRequests.length, 0);
      assert.equal(await UserModel.countDocuments({}), 0);
    });

    it('when the state comes back to another browser (its cookie belongs to another sign-in), then it answers 400', async () => {
      const victim = await beginGoogleSignIn(app);
      const attacker = await beginGoogleSignIn(app);
      const res = await finishGoogleSignIn(app, attacker, victim.cookie);
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'OAUTH_STATE_MISMATCH');
      assert.equal(provider.tokenRequests.length, 0);
      assert.equal(await UserModel.countDocuments({}), 0);
    });

    it('when the browser has no state cookie or a forged one, then it answers 400 OAUTH_STATE_MISMATCH', async () => {
      const pending = await beginGoogleSignIn(app);
      const forged = pending.cookie.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
      for (const cookie of ['', 'other=1', forged, decodeURIComponent(pending.cookie).replace(/^oauth_state=s:/, 'oauth_state=')]) {
        const res = await finishGoogleSignIn(app, pending, cookie);
        assert.equal(res.status, 400, cookie);
        assert.equal(res.body.code, 'OAUTH_STATE_MISMATCH');
      }
      assert.equal(provider.tokenRequests.length, 0);
    });

    it('when a callback URL is replayed, then the second use fails, with or without the old cookie', async () => {
      const pending = await beginGoogleSignIn(app);
      const first = await finishGoogleSignIn(app, pending);
      assert.equal(first.status, 200);
      // A browser honours the cleared cookie: the state no longer matches anything.
      const cleared = await request(app).get(pending.callbackPath);
      assert.equal(cleared.status, 400);
      assert.equal(cleared.body.code, 'OAUTH_STATE_MISMATCH');
      // A copied cookie passes the state check, but the provider refuses a spent code.
      const copied = await finishGoogleSignIn(app, pending);
      assert.equal(copied.status, 401);
      assert.equal(copied.body.code, 'OAUTH_DENIED');
      assert.equal(await UserModel.countDocuments({}), 1);
      assert.equal(await RefreshTokenModel.countDocuments({}), 1);
    });

    it('when the provider answers ?error=access_denied, then it answers 401 OAUTH_DENIED and creates no user', async () => {
      const pending = await beginGoogleSignIn(app);
      const state = new URL(pending.callbackPath, 'http://app').searchParams.get('state') ?? '';
      const res = await finishGoogleSignIn(app, { ...pending, callbackPath: `/auth/google/callback?error=access_denied&state=${state}` });
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'OAUTH_DENIED');
      assert.match(setCookie(res, 'oauth_state') ?? '', /^oauth_state=$/, 'the state cookie is cleared');
      assert.equal(await UserModel.countDocuments({}), 0);
    });

    it('when the token endpoint refuses the code, then it answers 401 OAUTH_DENIED and creates no user', async () => {
      const pending = await beginGoogleSignIn(app);
      provider.tokenRequests.length = 0;
      const refuse = (response: { body: unknown; statusCode: number }) => {
        response.body = { error: 'invalid_grant', error_description: 'Bad code' };
        response.statusCode = 400;
      };
      provider.onceResponse('token', refuse);
      const res = await finishGoogleSignIn(app, pending);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'OAUTH_DENIED');
      assert.doesNotMatch(res.text, /Bad code|invalid_grant/);
      assert.equal(await UserModel.countDocuments({}), 0);
    });

    it('when the userinfo endpoint refuses the access token, then it answers 401 OAUTH_DENIED and creates no user', async () => {
      provider.onceResponse('userinfo', (response) => {
        response.body = { error: 'invalid_token', error_description: 'token is expired' };
        response.statusCode = 401;
      });
      const res = await signInWithGoogle(app);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'OAUTH_DENIED');
      assert.equal(await UserModel.countDocuments({}), 0);
    });

    it('when the userinfo lacks an email, then it answers 401 OAUTH_DENIED and creates no user', async () => {
      provider.signInAs({ sub: ADA.sub, email_verified: true });
      const res = await signInWithGoogle(app);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'OAUTH_DENIED');
      assert.equal(await UserModel.countDocuments({}), 0);
    });

    it('when the callback has neither a code nor an error, then it answers 401 OAUTH_DENIED', async () => {
      const res = await request(app).get('/auth/google/callback?state=abc');
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'OAUTH_DENIED');
    });
  });
});
