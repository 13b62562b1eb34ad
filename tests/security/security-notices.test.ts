import assert from 'node:assert/strict';
import request from 'supertest';
import { registerAccount, type Account } from '../helpers/factories.js';
// feature:mfa
// feature:admin
import { registerAdmin } from '../helpers/factories.js';
// /feature:admin
// /feature:mfa
import { mailingSuite, type DeliveredMail } from '../helpers/mail-server.js';
// feature:mfa
import { enableMfa, freshCode } from '../helpers/mfa.js';
// /feature:mfa
// feature:passkeys
import { addPasskey } from '../helpers/passkeys.js';
// /feature:passkeys

describe('security notices: a change to how an account signs in is mailed to its owner (ASVS V6.3)', () => {
  const suite = mailingSuite();
  const bearer = (account: Account) => `Bearer ${account.access_token}`;

  /** The newest mail to `account`, asserted to be the notice `subject` and to carry none of `secrets`. */
  async function assertNotice(account: Account, subject: string, secrets: readonly string[]): Promise<DeliveredMail> {
    const mail = await suite.newestMail(account.email);
    assert.equal(mail.subject, subject);
    for (const secret of secrets) assert.ok(!mail.text.includes(secret), `the notice carries no ${secret}`);
    assert.match(mail.text, /If this was not you/);
    return mail;
  }

  // feature:mfa
  it('when TOTP is turned on, recovery codes are renewed and TOTP is turned off, then each is mailed without a secret or code', async () => {
    const account = await enableMfa(suite.app, await registerAccount(suite.app));
    await assertNotice(account, 'Two-step sign-in is on', [account.secret, ...account.recoveryCodes]);
    const code = await freshCode(account.secret);
    const renewed = await request(suite.app).post('/auth/mfa/recovery-codes').set('Authorization', bearer(account)).send({ code });
    assert.equal(renewed.status, 200);
    await assertNotice(account, 'New recovery codes for your account', [
      account.secret,
      code,
      ...(renewed.body.recovery_codes as string[]),
    ]);
    const off = await freshCode(account.secret);
    await request(suite.app).post('/auth/mfa/totp/disable').set('Authorization', bearer(account)).send({ code: off }).expect(204);
    await assertNotice(account, 'Two-step sign-in is off', [account.secret, off]);
  });
  // /feature:mfa

  // feature:passkeys
  it('when a passkey is added and removed, then each is mailed', async () => {
    const account = await registerAccount(suite.app);
    const { passkey } = await addPasskey(suite.app, account);
    await assertNotice(account, 'A passkey was added to your account', []);
    await request(suite.app).delete(`/auth/passkeys/${passkey.id}`).set('Authorization', bearer(account)).expect(204);
    await assertNotice(account, 'A passkey was removed from your account', []);
  });
  // /feature:passkeys

  // feature:mfa
  // feature:admin
  it('when an admin turns two-step sign-in off, then the user is mailed; when it was off already, then nobody is', async () => {
    const [admin, user] = [await registerAdmin(suite.app), await registerAccount(suite.app)];
    const mfaUser = await enableMfa(suite.app, user);
    const turnOff = () =>
      request(suite.app).patch(`/admin/users/${user.user.id}`).set('Authorization', bearer(admin)).send({ mfa_enabled: false }).expect(200);
    await turnOff();
    await assertNotice(user, 'An administrator turned two-step sign-in off', [mfaUser.secret, ...mfaUser.recoveryCodes]);
    const before = (await suite.server.to(user.email)).length;
    await turnOff();
    await suite.outbox.drain();
    assert.equal((await suite.server.to(user.email)).length, before);
    assert.deepEqual(await suite.server.to(admin.email), []);
  });
  // /feature:admin
  // /feature:mfa

  // feature:mfa
  it('when a request is refused (a wrong code), then no notice is sent', async () => {
    const account = await enableMfa(suite.app, await registerAccount(suite.app));
    await suite.outbox.drain();
    const before = (await suite.server.to(account.email)).length;
    await request(suite.app).post('/auth/mfa/totp/disable').set('Authorization', bearer(account)).send({ code: '000000' }).expect(400);
    await suite.outbox.drain();
    assert.equal((await suite.server.to(account.email)).length, before);
  });
  // /feature:mfa
});
