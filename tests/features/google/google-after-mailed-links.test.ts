// feature-file:mail (Google sign-in meets the mailed links: this goes with either feature)
import assert from 'node:assert/strict';
import request from 'supertest';
import { UserModel } from '../../../src/models/user.model.js';
import { registerAccount } from '../../helpers/factories.js';
import { mailingApp, startMailServer, tokenIn, type MailingApp, type MailServer } from '../../helpers/mail-server.js';
import { signInWithGoogle, startTestProvider, type TestProvider } from '../../helpers/oauth-provider.js';

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
