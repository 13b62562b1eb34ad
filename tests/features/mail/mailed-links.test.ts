import assert from 'node:assert/strict';
import request from 'supertest';
// feature:admin
import { UserModel } from '../../../src/models/user.model.js';
// /feature:admin
import { loginAccount, registerAccount, uniqueEmail, type Account } from '../../helpers/factories.js';
// feature:admin
import { registerAdmin } from '../../helpers/factories.js';
// /feature:admin
import { mailingSuite, tokenIn } from '../../helpers/mail-server.js';

const NEW_PASSWORD = 'a brand new passphrase 42';

describe('security: pending mailed links die with a credential change (contract §2)', () => {
  const suite = mailingSuite();
  const bearer = (account: Pick<Account, 'access_token'>) => `Bearer ${account.access_token}`;

  /** A link to move `account` to a fresh address, as mailed there. */
  async function changeLink(account: Account): Promise<string> {
    const newEmail = uniqueEmail('moved');
    await request(suite.app)
      .post('/auth/email')
      .set('Authorization', bearer(account))
      .send({ new_email: newEmail, current_password: account.password })
      .expect(202);
    return tokenIn(await suite.newestMail(newEmail), 'change-email');
  }

  async function resetLink(account: Account): Promise<string> {
    await request(suite.app).post('/auth/password/forgot').send({ email: account.email }).expect(202);
    return tokenIn(await suite.newestMail(account.email), 'reset-password');
  }

  async function verifyLink(account: Account): Promise<string> {
    await request(suite.app).post('/auth/verify-email/request').set('Authorization', bearer(account)).expect(202);
    return tokenIn(await suite.newestMail(account.email), 'verify-email');
  }

  const confirmChange = (token: string, as: Account) =>
    request(suite.app).post('/auth/email/confirm').set('Authorization', bearer(as)).send({ token });
  const verify = (token: string, as: Account) =>
    request(suite.app).post('/auth/verify-email').set('Authorization', bearer(as)).send({ token });
  const reset = (token: string) => request(suite.app).post('/auth/password/reset').send({ token, new_password: NEW_PASSWORD });

  function assertRefused(res: request.Response, code: string): void {
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.code, code);
  }

  it('when the password is changed, then a pending email-change link is dead', async () => {
    const account = await registerAccount(suite.app);
    const token = await changeLink(account);
    await request(suite.app)
      .post('/auth/password')
      .set('Authorization', bearer(account))
      .send({ current_password: account.password, new_password: NEW_PASSWORD })
      .expect(204);
    assertRefused(await confirmChange(token, await loginAccount(suite.app, account.email, NEW_PASSWORD)), 'INVALID_EMAIL_CHANGE_TOKEN');
  });

  it('when the password is reset, then pending email-change and verification links are dead', async () => {
    const account = await registerAccount(suite.app);
    const [change, verification] = [await changeLink(account), await verifyLink(account)];
    await reset(await resetLink(account)).expect(204);
    const signedIn = await loginAccount(suite.app, account.email, NEW_PASSWORD);
    assertRefused(await confirmChange(change, signedIn), 'INVALID_EMAIL_CHANGE_TOKEN');
    assertRefused(await verify(verification, signedIn), 'INVALID_VERIFICATION_TOKEN');
  });

  it('when the owner signs out everywhere, then pending email-change and reset links are dead', async () => {
    const account = await registerAccount(suite.app);
    const [change, resetToken] = [await changeLink(account), await resetLink(account)];
    await request(suite.app).post('/auth/logout-all').set('Authorization', bearer(account)).expect(204);
    assertRefused(
      await confirmChange(change, await loginAccount(suite.app, account.email, account.password)),
      'INVALID_EMAIL_CHANGE_TOKEN',
    );
    assertRefused(await reset(resetToken), 'INVALID_RESET_TOKEN');
  });

  it('when the email changes, then a pending reset link (mailed to the old address) is dead', async () => {
    const account = await registerAccount(suite.app);
    const resetToken = await resetLink(account);
    await confirmChange(await changeLink(account), account).expect(200);
    assertRefused(await reset(resetToken), 'INVALID_RESET_TOKEN');
  });

  // feature:admin
  describe('an account an admin disables', () => {
    let admin: Account;
    beforeEach(async () => {
      admin = await registerAdmin(suite.app);
    });
    const setDisabled = (account: Account, disabled: boolean) =>
      request(suite.app)
        .patch(`/admin/users/${account.user.id}`)
        .set('Authorization', bearer(admin))
        .send({ disabled })
        .expect((res) => assert.equal(res.status, 200, res.text));

    it('when it is disabled and enabled again, then every link mailed before is dead', async () => {
      const account = await registerAccount(suite.app);
      const [change, verification, resetToken] = [await changeLink(account), await verifyLink(account), await resetLink(account)];
      await setDisabled(account, true);
      await setDisabled(account, false);
      const signedIn = await loginAccount(suite.app, account.email, account.password);
      assertRefused(await confirmChange(change, signedIn), 'INVALID_EMAIL_CHANGE_TOKEN');
      assertRefused(await verify(verification, signedIn), 'INVALID_VERIFICATION_TOKEN');
      assertRefused(await reset(resetToken), 'INVALID_RESET_TOKEN');
    });

    it('when it is disabled, then it confirms nothing: its session is refused (401) and a reset link issued meanwhile answers 400', async () => {
      const account = await registerAccount(suite.app);
      const [change, verification, resetToken] = [await changeLink(account), await verifyLink(account), await resetLink(account)];
      // As if the flag were set while the links were in the outbox: a disabled account is refused by itself, not only by the revocation.
      await UserModel.updateOne({ _id: account.user.id }, { $set: { disabled: true } });
      assert.equal((await confirmChange(change, account)).status, 401);
      assert.equal((await verify(verification, account)).status, 401);
      assertRefused(await reset(resetToken), 'INVALID_RESET_TOKEN');
      const stored = await UserModel.findById(account.user.id).select('+passwordHash').lean();
      assert.equal(stored?.email, account.email);
      assert.equal(stored?.emailVerified, false);
      await UserModel.updateOne({ _id: account.user.id }, { $set: { disabled: false } });
      await loginAccount(suite.app, account.email, account.password);
    });
  });
  // /feature:admin
});
