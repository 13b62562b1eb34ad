import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import request from 'supertest';
import { hashToken } from '../../../src/auth/single-use-token.js';
import { EmailTokenModel } from '../../../src/features/mail/email-token.model.js';
import { UserModel } from '../../../src/models/user.model.js';
import { TEST_APP_URL } from '../../helpers/app.js';
import { loginAccount, registerAccount, uniqueEmail, type Account } from '../../helpers/factories.js';
import { mailingSuite, tokenIn } from '../../helpers/mail-server.js';

const ACCEPTED = { message: 'If an account uses this email, a link to reset its password is on its way.' };

describe('password reset: POST /auth/password/forgot and /auth/password/reset', () => {
  const suite = mailingSuite();

  /** Asks for a reset of `email` and returns the token of the newest link it received. */
  async function mailedToken(email: string): Promise<string> {
    const res = await request(suite.app).post('/auth/password/forgot').send({ email });
    assert.equal(res.status, 202);
    return tokenIn(await suite.newestMail(email), 'reset-password');
  }

  function reset(token: string, password: string) {
    return request(suite.app).post('/auth/password/reset').send({ token, new_password: password });
  }

  it('when an account asks, then one mail links to APP_URL with a token that is stored only as its hash', async () => {
    const account = await registerAccount(suite.app);
    const res = await request(suite.app).post('/auth/password/forgot').send({ email: account.email.toUpperCase() });
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, ACCEPTED);
    await suite.outbox.drain();
    const [message, ...more] = await suite.server.to(account.email);
    assert.ok(message);
    assert.equal(more.length, 0);
    assert.equal(message.subject, 'Reset your password');
    const token = tokenIn(message, 'reset-password');
    assert.ok(message.text.includes(`${TEST_APP_URL}#reset-password=${token}`), message.text);
    const stored = await EmailTokenModel.find({ user: account.user.id }).lean();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.tokenHash, hashToken(token));
    assert.ok(!JSON.stringify(stored).includes(token), 'the token itself is not stored');
    const lifetime = (stored[0]?.expiresAt.getTime() ?? 0) - (stored[0]?.createdAt.getTime() ?? 0);
    assert.equal(lifetime, 30 * 60 * 1000);
  });

  it('when the account is disabled, then no reset mail leaves and an earlier link is refused', async () => {
    const account = await registerAccount(suite.app);
    const token = await mailedToken(account.email);
    await UserModel.updateOne({ _id: account.user.id }, { $set: { disabled: true } });
    await request(suite.app).post('/auth/password/forgot').send({ email: account.email }).expect(202);
    await suite.outbox.drain();
    assert.equal((await suite.server.to(account.email)).length, 1);
    const res = await reset(token, 'a brand new passphrase');
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_RESET_TOKEN');
  });

  describe('with a mailed token', () => {
    let account: Account;
    let otherSession: Account;
    let token: string;
    beforeEach(async () => {
      account = await registerAccount(suite.app, { password: 'the forgotten passphrase' });
      otherSession = await loginAccount(suite.app, account.email, account.password);
      token = await mailedToken(account.email);
    });

    it('when it resets the password, then the new one works, the old one does not, and the email counts as verified', async () => {
      const res = await reset(token, 'the brand new passphrase');
      assert.equal(res.status, 204);
      assert.equal(res.text, '');
      const old = await request(suite.app).post('/auth/login').send({ email: account.email, password: 'the forgotten passphrase' });
      assert.equal(old.status, 401);
      const signedIn = await loginAccount(suite.app, account.email, 'the brand new passphrase');
      assert.equal(signedIn.user.email, account.email);
      const stored = await UserModel.findById(account.user.id).select('+passwordHash').lean();
      assert.ok(await bcrypt.compare('the brand new passphrase', stored?.passwordHash ?? ''));
      assert.equal(stored?.emailVerified, true);
    });

    it('when it resets the password, then every session and every access token issued before is dead', async () => {
      assert.equal((await reset(token, 'the brand new passphrase')).status, 204);
      for (const session of [account, otherSession]) {
        const refresh = await request(suite.app).post('/auth/refresh').send({ refresh_token: session.refresh_token });
        assert.equal(refresh.status, 401);
        assert.equal(refresh.body.code, 'INVALID_REFRESH_TOKEN');
        const me = await request(suite.app).get('/auth/me').set('Authorization', `Bearer ${session.access_token}`);
        assert.equal(me.status, 401);
      }
    });

    it('when it is used a second time, then 400 INVALID_RESET_TOKEN and the first new password stays', async () => {
      assert.equal((await reset(token, 'the brand new passphrase')).status, 204);
      const again = await reset(token, 'an attacker passphrase');
      assert.equal(again.status, 400);
      assert.equal(again.body.code, 'INVALID_RESET_TOKEN');
      await loginAccount(suite.app, account.email, 'the brand new passphrase');
    });

    it('when it has expired, then 400 INVALID_RESET_TOKEN and the password and sessions stay', async () => {
      await EmailTokenModel.updateOne({ tokenHash: hashToken(token) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      const res = await reset(token, 'the brand new passphrase');
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'INVALID_RESET_TOKEN');
      await loginAccount(suite.app, account.email, 'the forgotten passphrase');
      const refresh = await request(suite.app).post('/auth/refresh').send({ refresh_token: otherSession.refresh_token });
      assert.equal(refresh.status, 200);
    });

    it('when a newer link has been mailed, then the older token is dead and the newer one works', async () => {
      const newer = await mailedToken(account.email);
      const old = await reset(token, 'the brand new passphrase');
      assert.equal(old.status, 400);
      assert.equal(old.body.code, 'INVALID_RESET_TOKEN');
      assert.equal((await reset(newer, 'the brand new passphrase')).status, 204);
    });

    it('when the new password breaks the rules, then 400 VALIDATION_FAILED and the token still works', async () => {
      const weak = await reset(token, 'password');
      assert.equal(weak.status, 400);
      assert.equal(weak.body.code, 'VALIDATION_FAILED');
      assert.equal(weak.body.errors[0].path, 'new_password');
      assert.equal((await reset(token, 'the brand new passphrase')).status, 204);
    });
  });

  it('when the email has no account, then the answer is the same, no mail is sent and nothing is stored', async () => {
    const known = await registerAccount(suite.app);
    const ghost = uniqueEmail('ghost');
    const unknown = await request(suite.app).post('/auth/password/forgot').send({ email: ghost });
    const existing = await request(suite.app).post('/auth/password/forgot').send({ email: known.email });
    assert.equal(unknown.status, 202);
    assert.deepEqual(unknown.body, existing.body);
    assert.equal(unknown.headers['content-type'], existing.headers['content-type']);
    await suite.outbox.drain();
    assert.equal((await suite.server.to(known.email)).length, 1, 'the known account got its mail');
    assert.deepEqual(await suite.server.to(ghost), []);
    assert.equal(await EmailTokenModel.countDocuments({}), 1);
  });

  it('when a token is unknown, then 400 INVALID_RESET_TOKEN', async () => {
    const res = await reset('a-token-that-was-never-mailed', 'the brand new passphrase');
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_RESET_TOKEN');
  });

  it('when a verify-email token is sent to reset, then 400 INVALID_RESET_TOKEN: each token has one purpose', async () => {
    const account = await registerAccount(suite.app);
    const asked = await request(suite.app).post('/auth/verify-email/request').set('Authorization', `Bearer ${account.access_token}`);
    assert.equal(asked.status, 202);
    await suite.outbox.drain();
    const [message] = await suite.server.to(account.email);
    assert.ok(message);
    const res = await reset(tokenIn(message, 'verify-email'), 'the brand new passphrase');
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_RESET_TOKEN');
  });

  it('when the body is not {email}, then 400 VALIDATION_FAILED', async () => {
    const res = await request(suite.app)
      .post('/auth/password/forgot')
      .send({ email: { $ne: '' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].path, 'email');
  });
});
