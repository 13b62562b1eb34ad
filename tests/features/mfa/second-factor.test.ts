import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { UserModel } from '../../../src/models/user.model.js';
import { buildApp } from '../../helpers/app.js';
import { registerAccount } from '../../helpers/factories.js';
// feature:mail
import { mailingSuite, tokenIn } from '../../helpers/mail-server.js';
// /feature:mail
import { enableMfa, passwordStep } from '../../helpers/mfa.js';
// feature:google
import type { Account } from '../../helpers/factories.js';
import { freshCode } from '../../helpers/mfa.js';
import { oneTimeCode, signInWithGoogle, startTestProvider, type TestProvider } from '../../helpers/oauth-provider.js';
// /feature:google

describe('security: second factors', () => {
  it('when wrong codes reach LOGIN_FAILURE_MAX, then the account is locked for the password step too (429)', async () => {
    const app = buildApp({ LOGIN_FAILURE_MAX: '3' });
    const account = await enableMfa(app, await registerAccount(app));
    for (let i = 0; i < 3; i += 1) {
      const res = await request(app)
        .post('/auth/login/mfa')
        .send({ mfa_token: await passwordStep(app, account), code: '000000' });
      assert.equal(res.status, 400);
    }
    const locked = await request(app).post('/auth/login').send({ email: account.email, password: account.password });
    assert.equal(locked.status, 429);
    assert.equal(locked.body.code, 'RATE_LIMITED');
  });

  it('when the per-IP auth limit is spent, then POST /auth/login/mfa answers 429', async () => {
    const app = buildApp({ RATE_LIMIT_AUTH_MAX: '1' });
    const res = await request(app).post('/auth/login/mfa').send({ mfa_token: 'x', code: '123456' });
    assert.equal(res.status, 401);
    const limited = await request(app).post('/auth/login/mfa').send({ mfa_token: 'x', code: '123456' });
    assert.equal(limited.status, 429);
  });

  describe('in production without MFA_ENCRYPTION_KEY', () => {
    const production = buildApp({
      NODE_ENV: 'production',
      MONGODB_URI: 'mongodb://127.0.0.1:27017/unused',
      TRUST_PROXY: '1',
      LOG_LEVEL: 'silent',
    });
    // Every request arrives through a TLS-terminating proxy, as production requires.
    const app: RequestListener = (req, res) => {
      req.headers['x-forwarded-proto'] = 'https';
      production(req, res);
    };

    it('then every MFA route answers 503 MFA_NOT_CONFIGURED', async () => {
      const account = await registerAccount(app);
      await UserModel.updateOne({ _id: account.user.id }, { $set: { mfaEnabled: true } });
      const mfaToken = await passwordStep(app, account);
      const auth = `Bearer ${account.access_token}`;
      const calls = [
        request(app).post('/auth/mfa/totp/setup').set('Authorization', auth),
        request(app).post('/auth/mfa/totp/enable').set('Authorization', auth).send({ code: '123456' }),
        request(app).post('/auth/mfa/totp/disable').set('Authorization', auth).send({ code: '123456' }),
        request(app).post('/auth/mfa/recovery-codes').set('Authorization', auth).send({ code: '123456' }),
        request(app).post('/auth/login/mfa').send({ mfa_token: mfaToken, code: '123456' }),
      ];
      for (const call of calls) {
        const res = await call;
        assert.equal(res.status, 503, res.text);
        assert.equal(res.body.code, 'MFA_NOT_CONFIGURED');
      }
    });
  });

  // feature:mail
  describe('when the password is reset by mail', () => {
    const suite = mailingSuite();

    it('then MFA stays on: the new password still leads to MFA_REQUIRED', async () => {
      const account = await enableMfa(suite.app, await registerAccount(suite.app));
      await request(suite.app).post('/auth/password/forgot').send({ email: account.email });
      const token = tokenIn(await suite.newestMail(account.email), 'reset-password');
      const reset = await request(suite.app).post('/auth/password/reset').send({ token, new_password: 'a brand new passphrase' });
      assert.equal(reset.status, 204);
      await passwordStep(suite.app, { email: account.email, password: 'a brand new passphrase' });
      assert.equal((await UserModel.findById(account.user.id).lean())?.mfaEnabled, true);
    });
  });
  // /feature:mail

  // feature:google
  describe('Google sign-in of an MFA account', () => {
    let provider: TestProvider;
    before(async () => {
      provider = await startTestProvider();
      provider.signInAs({ sub: 'google-sub-mfa', email: 'mfa-google@example.com', email_verified: true, name: 'Grace' });
    });
    after(() => provider.stop());

    /** A Google account (first sign-in through `firstSignIn`) that then turns TOTP on. */
    async function googleAccountWithMfa(app: RequestListener, firstSignIn: (app: RequestListener) => Promise<request.Response>) {
      const first = await firstSignIn(app);
      assert.equal(first.status, 200, first.text);
      return enableMfa(app, { email: 'mfa-google@example.com', password: '', ...(first.body as Omit<Account, 'email' | 'password'>) });
    }

    /** The redirect flow: the one-time code, traded from the browser that holds its cookie. */
    const exchange = async (app: RequestListener) => {
      const { code, cookie } = await oneTimeCode(app);
      return request(app).post('/auth/oauth/exchange').set('Cookie', cookie).send({ code });
    };

    it('when the callback answers directly, then it is 403 MFA_REQUIRED and the code finishes it', async () => {
      const app = buildApp(provider.env());
      const account = await googleAccountWithMfa(app, signInWithGoogle);
      const res = await signInWithGoogle(app);
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'MFA_REQUIRED');
      assert.equal(res.body.access_token, undefined);
      const done = await request(app)
        .post('/auth/login/mfa')
        .send({ mfa_token: res.body.mfa_token, code: await freshCode(account.secret) });
      assert.equal(done.status, 200);
      assert.equal(done.body.user.id, account.user.id);
    });

    it('when the callback redirects with a one-time code, then the exchange is 403 MFA_REQUIRED', async () => {
      const app = buildApp(provider.env({ OAUTH_SUCCESS_REDIRECT: 'https://app.example.com/signed-in' }));
      await googleAccountWithMfa(app, exchange);
      const res = await exchange(app);
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'MFA_REQUIRED');
      assert.equal(res.body.access_token, undefined);
      assert.equal(typeof res.body.mfa_token, 'string');
    });
  });
  // /feature:google
});
