import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { UserModel } from '../../../src/models/user.model.js';
import { buildApp } from '../../helpers/app.js';
import { registerAccount } from '../../helpers/factories.js';
import { mailingApp, startMailServer, tokenIn, type MailingApp, type MailServer } from '../../helpers/mail-server.js';
import { oneTimeCode, signInWithGoogle, startTestProvider, type TestProvider } from '../../helpers/oauth-provider.js';

const SPA_ORIGIN = 'https://spa.example.com';
const ATTACKER = { sub: 'google-sub-mallory', email: 'mallory@example.com', email_verified: true, name: 'Mallory' };
const VICTIM = { sub: 'google-sub-victor', email: 'victor@example.com', email_verified: true, name: 'Victor' };

describe('security: login CSRF through the one-time code of a Google sign-in', () => {
  let provider: TestProvider;
  let app: RequestListener;
  before(async () => {
    provider = await startTestProvider();
    app = buildApp(provider.env({ OAUTH_SUCCESS_REDIRECT: `${SPA_ORIGIN}/signed-in`, CORS_ORIGINS: SPA_ORIGIN }));
  });
  after(() => provider.stop());

  /** Finishes a Google sign-in as `who` in a fresh browser: the code from the redirect, and that browser's code cookie. */
  function signIn(who: typeof ATTACKER): Promise<{ code: string; cookie: string }> {
    provider.signInAs(who);
    return oneTimeCode(app);
  }

  const exchange = (code: string, cookie?: string) => {
    const pending = request(app).post('/auth/oauth/exchange').set('Origin', SPA_ORIGIN);
    return (cookie ? pending.set('Cookie', cookie) : pending).send({ code });
  };

  it("when the attacker's own code is traded in the victim's browser, then it answers 400 and signs nobody in", async () => {
    const attackers = await signIn(ATTACKER);
    const victims = await signIn(VICTIM);
    for (const res of [await exchange(attackers.code), await exchange(attackers.code, victims.cookie)]) {
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.code, 'INVALID_OAUTH_CODE');
      assert.equal(res.body.access_token, undefined);
    }
    // Refused tries do not spend it: the code still works in the browser the sign-in finished in.
    const own = await exchange(attackers.code, attackers.cookie);
    assert.equal(own.status, 200);
    assert.equal(own.body.user.email, ATTACKER.email);
  });

  it('when the SPA on an allowed origin trades its code with credentials, then CORS lets it and the cookie is cleared', async () => {
    const { code, cookie } = await signIn(VICTIM);
    const preflight = await request(app)
      .options('/auth/oauth/exchange')
      .set('Origin', SPA_ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    assert.equal(preflight.headers['access-control-allow-origin'], SPA_ORIGIN);
    assert.equal(preflight.headers['access-control-allow-credentials'], 'true');
    const res = await exchange(code, cookie);
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], SPA_ORIGIN);
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
    assert.match(String(res.headers['set-cookie']), /oauth_code=;.*Path=\/auth\/oauth\/exchange/);
  });
});

describe('security: Google sign-in after mailed links', () => {
  let provider: TestProvider;
  let mail: MailServer;
  let suite: MailingApp;
  before(async () => {
    provider = await startTestProvider();
    mail = await startMailServer();
    suite = mailingApp(mail, provider.env());
  });
  after(async () => {
    await provider.stop();
    await mail.close();
  });

  describe('pre-hijacking an account through the verification link', () => {
    const OWNER = { sub: 'google-sub-olive', email: 'olive@example.com', email_verified: true, name: 'Olive' };

    /** The attacker registers the owner's address with a password and a name of their choosing, and has a verification link mailed to the owner. */
    async function preHijack() {
      const attacker = await registerAccount(suite.app, {
        email: OWNER.email,
        password: 'the attacker knows this',
        name: 'Olive (support)',
      });
      await request(suite.app).post('/auth/verify-email/request').set('Authorization', `Bearer ${attacker.access_token}`).expect(202);
      return { attacker, token: tokenIn(await suite.newestMail(OWNER.email), 'verify-email') };
    }

    it('when the owner opens the link without being signed in to that account, then the account stays unverified', async () => {
      const { attacker, token } = await preHijack();
      const anonymous = await request(suite.app).post('/auth/verify-email').send({ token });
      assert.equal(anonymous.status, 401);
      const someoneElse = await registerAccount(suite.app);
      const otherAccount = await request(suite.app)
        .post('/auth/verify-email')
        .set('Authorization', `Bearer ${someoneElse.access_token}`)
        .send({ token });
      assert.equal(otherAccount.status, 400);
      assert.equal(otherAccount.body.code, 'INVALID_VERIFICATION_TOKEN');
      assert.equal((await UserModel.findOne({ email: OWNER.email }).lean())?.emailVerified, false);
      // Refused tries spend nothing: signed in to the account whose password it set, the link still verifies.
      const own = await request(suite.app)
        .post('/auth/verify-email')
        .set('Authorization', `Bearer ${attacker.access_token}`)
        .send({ token });
      assert.equal(own.status, 200);
    });

    it('when the owner then signs in with Google, then the account is theirs: no attacker password, session or name is left', async () => {
      const { attacker } = await preHijack();
      provider.signInAs(OWNER);
      const google = await signInWithGoogle(suite.app);
      assert.equal(google.status, 200, google.text);
      assert.deepEqual(google.body.user.providers, ['google']);
      assert.equal(google.body.user.name, OWNER.name);
      assert.equal((await request(suite.app).post('/auth/login').send({ email: OWNER.email, password: attacker.password })).status, 401);
      assert.equal((await request(suite.app).post('/auth/refresh').send({ refresh_token: attacker.refresh_token })).status, 401);
      assert.equal((await request(suite.app).get('/auth/me').set('Authorization', `Bearer ${attacker.access_token}`)).status, 401);
    });
  });

  describe('taking over an address through an unsolicited email-change link', () => {
    const VICTIM_GOOGLE = { sub: 'google-sub-wendy', email: 'wendy@example.com', email_verified: true, name: 'Wendy' };

    it("when the victim opens the attacker's link signed out, then nothing moves and their first Google sign-in gets an account of their own", async () => {
      const attacker = await registerAccount(suite.app, { password: 'the attacker knows this' });
      await request(suite.app)
        .post('/auth/email')
        .set('Authorization', `Bearer ${attacker.access_token}`)
        .send({ new_email: VICTIM_GOOGLE.email, current_password: attacker.password })
        .expect(202);
      const token = tokenIn(await suite.newestMail(VICTIM_GOOGLE.email), 'change-email');
      // The victim follows the link signed out, as anyone who never asked for it would.
      const opened = await request(suite.app).post('/auth/email/confirm').send({ token });
      assert.equal(opened.status, 401);
      provider.signInAs(VICTIM_GOOGLE);
      const google = await signInWithGoogle(suite.app);
      assert.equal(google.status, 200, google.text);
      assert.notEqual(google.body.user.id, attacker.user.id);
      assert.deepEqual(google.body.user.providers, ['google']);
      assert.equal((await UserModel.findById(attacker.user.id).lean())?.email, attacker.email);
      const login = await request(suite.app).post('/auth/login').send({ email: VICTIM_GOOGLE.email, password: attacker.password });
      assert.equal(login.status, 401);
    });
  });
});
