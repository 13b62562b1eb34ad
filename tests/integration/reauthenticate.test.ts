import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { hashToken } from '../../src/auth/single-use-token.js';
import { RefreshTokenModel } from '../../src/models/refresh-token.model.js';
import { UserModel } from '../../src/models/user.model.js';
import { buildApp } from '../helpers/app.js';
import { registerAccount, type Account } from '../helpers/factories.js';
// feature:mfa
import { enableMfa, freshCode } from '../helpers/mfa.js';
// /feature:mfa
import { claimsOf, staleSession, TEST_REAUTH_MAX_AGE_SECONDS } from '../helpers/reauth.js';

const reauthenticate = (app: RequestListener, account: Account, body: object) =>
  request(app).post('/auth/reauthenticate').set('Authorization', `Bearer ${account.access_token}`).send(body);

describe('POST /auth/reauthenticate', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp({ REAUTH_MAX_AGE: `${TEST_REAUTH_MAX_AGE_SECONDS}s` });
  });

  it('when the password is right, then 200 tokens of the same session with a fresh auth_time, not cached', async () => {
    const stale = await staleSession(app, await registerAccount(app));
    const res = await reauthenticate(app, stale, { password: stale.password });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.deepEqual(Object.keys(res.body).sort(), ['access_token', 'expires_in', 'refresh_token', 'token_type']);
    const [before, after] = [claimsOf(stale.access_token), claimsOf(res.body.access_token)];
    assert.equal(after.sid, before.sid);
    assert.ok(after.auth_time > before.auth_time, 'auth_time is renewed');
    const refreshed = await request(app).post('/auth/refresh').send({ refresh_token: res.body.refresh_token });
    assert.equal(refreshed.status, 200, refreshed.text);
    assert.equal(claimsOf(refreshed.body.access_token).auth_time, after.auth_time);
  });

  it('when it succeeds, then the earlier refresh token is spent (not revoked), and its later use is reuse', async () => {
    const account = await registerAccount(app);
    const res = await reauthenticate(app, account, { password: account.password });
    assert.equal(res.status, 200, res.text);
    const old = await RefreshTokenModel.findOne({ tokenHash: hashToken(account.refresh_token) }).lean();
    assert.ok(old?.spentAt, 'spent');
    assert.equal(old.revokedAt, null);
    const reused = await request(app).post('/auth/refresh').send({ refresh_token: account.refresh_token });
    assert.equal(reused.body.code, 'REFRESH_TOKEN_REUSED');
  });

  it('when delivery is "cookie", then the refresh token is in the cookie and not in the body', async () => {
    const account = await registerAccount(app);
    const res = await reauthenticate(app, account, { password: account.password, delivery: 'cookie' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.refresh_token, undefined);
    assert.match(String(res.headers['set-cookie']), /refresh_token=[\w-]+;.*HttpOnly/);
  });

  it('when the password is wrong or missing, then 401 INVALID_CREDENTIALS, counted by the per-account failure limit', async () => {
    const limited = buildApp({ LOGIN_FAILURE_MAX: '2' });
    const account = await registerAccount(limited);
    assert.equal((await reauthenticate(limited, account, { password: 'not the password' })).body.code, 'INVALID_CREDENTIALS');
    assert.equal((await reauthenticate(limited, account, {})).body.code, 'INVALID_CREDENTIALS');
    assert.equal((await reauthenticate(limited, account, { password: account.password })).status, 429);
    assert.equal((await request(limited).post('/auth/login').send({ email: account.email, password: account.password })).status, 429);
  });

  // feature:mfa
  it('when MFA is on, then the password alone is 400 INVALID_MFA_CODE, and the password with a code is 200', async () => {
    const account = await enableMfa(app, await registerAccount(app));
    const alone = await reauthenticate(app, account, { password: account.password });
    assert.equal(alone.status, 400, alone.text);
    assert.equal(alone.body.code, 'INVALID_MFA_CODE');
    const wrongCode = await reauthenticate(app, account, { password: account.password, code: '000000' });
    assert.equal(wrongCode.body.code, 'INVALID_MFA_CODE');
    const codeAlone = await reauthenticate(app, account, { code: await freshCode(account.secret) });
    assert.equal(codeAlone.body.code, 'INVALID_CREDENTIALS');
    const both = await reauthenticate(app, account, { password: account.password, code: account.recoveryCodes[0] });
    assert.equal(both.status, 200, both.text);
  });
  // /feature:mfa

  it('when the account has neither a password nor MFA, then 401 INVALID_CREDENTIALS naming the passkey and Google ways', async () => {
    const account = await registerAccount(app);
    await UserModel.updateOne({ _id: account.user.id }, { $unset: { passwordHash: 1 }, $set: { hasPassword: false } });
    const res = await reauthenticate(app, account, { password: account.password });
    assert.equal(res.status, 401, res.text);
    assert.equal(res.body.code, 'INVALID_CREDENTIALS');
    assert.match(res.body.detail, /passkey/);
    assert.match(res.body.detail, /prompt=login/);
  });

  it('when there is no access token or the body has an unknown field, then 401 / 400', async () => {
    assert.equal((await request(app).post('/auth/reauthenticate').send({ password: 'x' })).status, 401);
    const account = await registerAccount(app);
    assert.equal((await reauthenticate(app, account, { password: account.password, email: account.email })).status, 400);
  });
});
