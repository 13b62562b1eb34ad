import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
// feature:passkeys
import { PasskeyModel } from '../../src/features/passkeys/passkey.model.js';
// /feature:passkeys
// feature:mfa
import { RecoveryCodeModel } from '../../src/features/mfa/recovery-code.model.js';
// /feature:mfa
import { UserModel } from '../../src/models/user.model.js';
import { buildApp } from '../helpers/app.js';
import { registerAccount, type Account } from '../helpers/factories.js';
// feature:admin
import { registerAdmin } from '../helpers/factories.js';
// /feature:admin
// feature:mfa
import { freshCode } from '../helpers/mfa.js';
// /feature:mfa
// feature:passkeys
import { ORIGIN, RP_ID } from '../helpers/passkeys.js';
// /feature:passkeys
import { assertReauthenticationRequired, claimsOf, staleSession, TEST_REAUTH_MAX_AGE_SECONDS } from '../helpers/reauth.js';
// feature:passkeys
import { softAuthenticator } from '../helpers/soft-authenticator.js';
// /feature:passkeys

const bearer = (account: Account) => `Bearer ${account.access_token}`;

describe('recent authentication (auth_time within REAUTH_MAX_AGE)', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp({ REAUTH_MAX_AGE: `${TEST_REAUTH_MAX_AGE_SECONDS}s` });
  });

  it('when a session signed in long ago refreshes, then the new access token is newer but keeps the sign-in auth_time', async () => {
    const account = await registerAccount(app);
    const refreshed = await staleSession(app, account);
    const before = claimsOf(account.access_token);
    const after = claimsOf(refreshed.access_token);
    assert.equal(after.auth_time, before.auth_time);
    assert.ok(after.iat > before.auth_time, 'a refresh issues a new token');
    assert.equal(after.sid, before.sid);
  });

  // feature:mfa
  it('[finding 1] when a refreshed token of a stale session sets up and enables TOTP, then both answer 401 and MFA stays off', async () => {
    const stale = await staleSession(app, await registerAccount(app));
    const setup = await request(app).post('/auth/mfa/totp/setup').set('Authorization', bearer(stale));
    assertReauthenticationRequired(setup, 'setup');
    const enable = await request(app).post('/auth/mfa/totp/enable').set('Authorization', bearer(stale)).send({ code: '123456' });
    assertReauthenticationRequired(enable, 'enable');
    const user = await UserModel.findById(stale.user.id).select('+totpPendingSecret').lean();
    assert.equal(user?.mfaEnabled, false);
    assert.equal(user?.totpPendingSecret, undefined);
    assert.equal(await RecoveryCodeModel.countDocuments({ user: stale.user.id }), 0);
  });
  // /feature:mfa

  // feature:passkeys
  it('[finding 2] when a refreshed token of a stale session asks to register a passkey, then options and verify answer 401 and none is stored', async () => {
    const stale = await staleSession(app, await registerAccount(app));
    const options = await request(app).post('/auth/passkeys/register/options').set('Authorization', bearer(stale));
    assertReauthenticationRequired(options, 'options');
    const response = softAuthenticator(RP_ID, ORIGIN).register({ challenge: 'c3RhbGUtY2hhbGxlbmdl', user: { id: 'dXNlcg' } });
    const verify = await request(app).post('/auth/passkeys/register/verify').set('Authorization', bearer(stale)).send({ response });
    assertReauthenticationRequired(verify, 'verify');
    assert.equal(await PasskeyModel.countDocuments({ user: stale.user.id }), 0);
  });
  // /feature:passkeys

  it('[finding 3] when an account without a password deletes itself with a refreshed token of a stale session, then 401 and it stays', async () => {
    const account = await registerAccount(app);
    // What a Google claim leaves: an account with no password to confirm the deletion with.
    await UserModel.updateOne({ _id: account.user.id }, { $unset: { passwordHash: 1 }, $set: { hasPassword: false } });
    const stale = await staleSession(app, account);
    assertReauthenticationRequired(await request(app).delete('/auth/me').set('Authorization', bearer(stale)), 'DELETE /auth/me');
    assert.ok(await UserModel.exists({ _id: account.user.id }));
  });

  it('when a stale session calls any other recent-auth route of a user, then each answers 401 with the RFC 9470 challenge', async () => {
    const stale = await staleSession(app, await registerAccount(app));
    const calls = {
      // feature:mfa
      'POST /auth/mfa/totp/disable': request(app).post('/auth/mfa/totp/disable').send({ code: '123456' }),
      // /feature:mfa
      // feature:mfa
      'POST /auth/mfa/recovery-codes': request(app).post('/auth/mfa/recovery-codes').send({ code: '123456' }),
      // /feature:mfa
      // feature:passkeys
      'DELETE /auth/passkeys/:id': request(app).delete('/auth/passkeys/665f1c2e8b3a4d0012a4b7c9'),
      // /feature:passkeys
      // feature:mail
      'POST /auth/email': request(app).post('/auth/email').send({ new_email: 'new@example.com', current_password: stale.password }),
      // /feature:mail
      'DELETE /auth/me': request(app).delete('/auth/me').send({ current_password: stale.password }),
    };
    for (const [what, call] of Object.entries(calls)) assertReauthenticationRequired(await call.set('Authorization', bearer(stale)), what);
    assert.ok(await UserModel.exists({ _id: stale.user.id, email: stale.email }));
  });

  // feature:admin
  it('when a stale admin session changes a role, a disabled flag or a second factor, or deletes a user, then 401; a rename alone passes', async () => {
    const admin = await staleSession(app, await registerAdmin(app));
    const target = await registerAccount(app);
    const path = `/admin/users/${target.user.id}`;
    for (const body of [{ role: 'admin' }, { disabled: true }, { mfa_enabled: false }, { name: 'Ada', role: 'user' }]) {
      assertReauthenticationRequired(await request(app).patch(path).set('Authorization', bearer(admin)).send(body), JSON.stringify(body));
    }
    assertReauthenticationRequired(await request(app).delete(path).set('Authorization', bearer(admin)), 'DELETE');
    const rename = await request(app).patch(path).set('Authorization', bearer(admin)).send({ name: 'Ada' });
    assert.equal(rename.status, 200, rename.text);
    const stored = await UserModel.findById(target.user.id).lean();
    assert.equal(stored?.role, 'user');
    assert.notEqual(stored?.disabled, true);
  });
  // /feature:admin

  // feature:mfa
  it('when the stale session re-authenticates, then the same session may set up and enable TOTP', async () => {
    const stale = await staleSession(app, await registerAccount(app));
    assertReauthenticationRequired(await request(app).post('/auth/mfa/totp/setup').set('Authorization', bearer(stale)), 'before');
    const renewed = await request(app).post('/auth/reauthenticate').set('Authorization', bearer(stale)).send({ password: stale.password });
    assert.equal(renewed.status, 200, renewed.text);
    const auth = `Bearer ${renewed.body.access_token as string}`;
    const setup = await request(app).post('/auth/mfa/totp/setup').set('Authorization', auth);
    assert.equal(setup.status, 200, setup.text);
    const enable = await request(app)
      .post('/auth/mfa/totp/enable')
      .set('Authorization', auth)
      .send({ code: await freshCode(setup.body.secret as string) });
    assert.equal(enable.status, 200, enable.text);
  });
  // /feature:mfa
});

describe('recent authentication and the per-account failure limit', () => {
  it('when a stale session is refused more often than LOGIN_FAILURE_MAX, then the account can still sign in', async () => {
    const app = buildApp({ REAUTH_MAX_AGE: `${TEST_REAUTH_MAX_AGE_SECONDS}s`, LOGIN_FAILURE_MAX: '2' });
    const stale = await staleSession(app, await registerAccount(app));
    for (let i = 0; i < 3; i += 1) {
      const res = await request(app).delete('/auth/me').set('Authorization', bearer(stale)).send({ current_password: stale.password });
      assertReauthenticationRequired(res, `attempt ${i + 1}`);
    }
    const login = await request(app).post('/auth/login').send({ email: stale.email, password: stale.password });
    assert.equal(login.status, 200, login.text);
  });
});

// feature:admin
describe('PATCH /admin/users/<own id>', () => {
  it('[finding 9] when an admin turns off their own second factor, then 403 FORBIDDEN and it stays on', async () => {
    const app = buildApp();
    const admin = await registerAdmin(app);
    await UserModel.updateOne({ _id: admin.user.id }, { $set: { mfaEnabled: true } });
    const res = await request(app).patch(`/admin/users/${admin.user.id}`).set('Authorization', bearer(admin)).send({ mfa_enabled: false });
    assert.equal(res.status, 403, res.text);
    assert.equal(res.body.code, 'FORBIDDEN');
    assert.equal((await UserModel.findById(admin.user.id).lean())?.mfaEnabled, true);
  });
});
// /feature:admin
