import assert from 'node:assert/strict';
import request from 'supertest';
import { hashToken } from '../../../src/auth/single-use-token.js';
import { EmailTokenModel } from '../../../src/features/mail/email-token.model.js';
import { UserModel } from '../../../src/models/user.model.js';
import { TEST_APP_URL } from '../../helpers/app.js';
import { loginAccount, registerAccount, uniqueEmail, type Account } from '../../helpers/factories.js';
import { mailingSuite, tokenIn } from '../../helpers/mail-server.js';

describe('email change: POST /auth/email and /auth/email/confirm', () => {
  const suite = mailingSuite();

  function ask(account: Account, newEmail: string, password = account.password) {
    return request(suite.app)
      .post('/auth/email')
      .set('Authorization', `Bearer ${account.access_token}`)
      .send({ new_email: newEmail, current_password: password });
  }

  /** Confirms with `token`, signed in as `as` (null: signed out). */
  function confirm(token: string, as: Pick<Account, 'access_token'> | null) {
    const pending = request(suite.app).post('/auth/email/confirm');
    return (as ? pending.set('Authorization', `Bearer ${as.access_token}`) : pending).send({ token });
  }

  /** Asks for a change to `newEmail` and returns the token of the link mailed there. */
  async function mailedToken(account: Account, newEmail: string): Promise<string> {
    const res = await ask(account, newEmail);
    assert.equal(res.status, 202, JSON.stringify(res.body));
    return tokenIn(await suite.newestMail(newEmail), 'change-email');
  }

  it('when asked with the right password, then the new address gets a 1-hour link, the old one a notice, and nothing changes yet', async () => {
    const account = await registerAccount(suite.app);
    const newEmail = uniqueEmail('new');
    const res = await ask(account, newEmail.toUpperCase());
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { message: `A confirmation link is on its way to ${newEmail}.` });
    const link = await suite.newestMail(newEmail);
    assert.equal(link.subject, 'Confirm your new email address');
    const token = tokenIn(link, 'change-email');
    assert.ok(link.text.includes(`${TEST_APP_URL}#change-email=${token}`));
    const notice = await suite.newestMail(account.email);
    assert.equal(notice.subject, 'Your email address is about to change');
    assert.ok(notice.text.includes(newEmail));
    assert.ok(!notice.text.includes(token), 'the notice carries no working link');
    const stored = await EmailTokenModel.findOne({ tokenHash: hashToken(token) }).lean();
    assert.equal((stored?.expiresAt.getTime() ?? 0) - (stored?.createdAt.getTime() ?? 0), 60 * 60 * 1000);
    // The old address keeps working until the link is used.
    await loginAccount(suite.app, account.email, account.password);
    assert.equal((await UserModel.findById(account.user.id).lean())?.email, account.email);
  });

  it('when the password is wrong, then 401 INVALID_CREDENTIALS and no mail leaves', async () => {
    const account = await registerAccount(suite.app);
    const newEmail = uniqueEmail('new');
    const res = await ask(account, newEmail, 'not the password');
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'INVALID_CREDENTIALS');
    await suite.outbox.drain();
    assert.deepEqual(await suite.server.to(newEmail), []);
  });

  it('when the new address belongs to another account, then 409 EMAIL_TAKEN', async () => {
    const [account, other] = [await registerAccount(suite.app), await registerAccount(suite.app)];
    const res = await ask(account, other.email);
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'EMAIL_TAKEN');
  });

  for (const field of [{ role: 'admin' }, { email: 'x@example.com' }, { email_verified: true }]) {
    it(`when the body also carries ${JSON.stringify(field)}, then 400`, async () => {
      const account = await registerAccount(suite.app);
      const res = await request(suite.app)
        .post('/auth/email')
        .set('Authorization', `Bearer ${account.access_token}`)
        .send({ new_email: uniqueEmail(), current_password: account.password, ...field });
      assert.equal(res.status, 400);
    });
  }

  describe('with a mailed link', () => {
    let account: Account;
    let other: Account;
    let newEmail: string;
    let token: string;
    beforeEach(async () => {
      account = await registerAccount(suite.app);
      other = await loginAccount(suite.app, account.email, account.password);
      newEmail = uniqueEmail('moved');
      token = await mailedToken(account, newEmail);
    });

    it('when it is used, then 200 with the new, verified email; the old address stops working and every session dies', async () => {
      const res = await confirm(token, account);
      assert.equal(res.status, 200);
      assert.equal(res.body.email, newEmail);
      assert.equal(res.body.email_verified, true);
      await loginAccount(suite.app, newEmail, account.password);
      await request(suite.app).post('/auth/login').send({ email: account.email, password: account.password }).expect(401);
      for (const session of [account, other]) {
        await request(suite.app).get('/auth/me').set('Authorization', `Bearer ${session.access_token}`).expect(401);
        await request(suite.app).post('/auth/refresh').send({ refresh_token: session.refresh_token }).expect(401);
      }
    });

    it('when it is used signed out, then 401 UNAUTHORIZED and the account stays where it is', async () => {
      const res = await confirm(token, null);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'UNAUTHORIZED');
      assert.equal((await UserModel.findById(account.user.id).lean())?.email, account.email);
    });

    it("when it is used signed in to another account, then 400 and the link is not spent: the owner's session still confirms", async () => {
      const stranger = await registerAccount(suite.app);
      const res = await confirm(token, stranger);
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'INVALID_EMAIL_CHANGE_TOKEN');
      assert.equal((await UserModel.findById(stranger.user.id).lean())?.email, stranger.email);
      assert.equal((await UserModel.findById(account.user.id).lean())?.email, account.email);
      assert.equal((await confirm(token, account)).status, 200);
    });

    it('when it is used twice, then the second answer is 400 INVALID_EMAIL_CHANGE_TOKEN', async () => {
      await confirm(token, account).expect(200);
      const again = await confirm(token, await loginAccount(suite.app, newEmail, account.password));
      assert.equal(again.status, 400);
      assert.equal(again.body.code, 'INVALID_EMAIL_CHANGE_TOKEN');
    });

    it('when it has expired, then 400 and the email stays', async () => {
      await EmailTokenModel.updateOne({ tokenHash: hashToken(token) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      const res = await confirm(token, account);
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'INVALID_EMAIL_CHANGE_TOKEN');
      assert.equal((await UserModel.findById(account.user.id).lean())?.email, account.email);
    });

    it('when the address was taken meanwhile, then 409 EMAIL_TAKEN, the link is dead and the email stays', async () => {
      await registerAccount(suite.app, { email: newEmail });
      const res = await confirm(token, account);
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'EMAIL_TAKEN');
      assert.equal((await UserModel.findById(account.user.id).lean())?.email, account.email);
      await UserModel.deleteOne({ email: newEmail });
      assert.equal((await confirm(token, account)).status, 400);
    });

    it('when a newer link was asked for, then the older one is dead', async () => {
      const newer = await mailedToken(account, uniqueEmail('newer'));
      assert.equal((await confirm(token, account)).status, 400);
      assert.equal((await confirm(newer, account)).status, 200);
    });

    it('when a verify-email or reset-password token is sent instead, then 400', async () => {
      await request(suite.app).post('/auth/password/forgot').send({ email: account.email }).expect(202);
      const reset = tokenIn(await suite.newestMail(account.email), 'reset-password');
      assert.equal((await confirm(reset, account)).status, 400);
    });
  });
});
