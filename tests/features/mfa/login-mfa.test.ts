import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { hashToken } from '../../../src/auth/single-use-token.js';
import { MfaChallengeModel } from '../../../src/features/mfa/mfa-challenge.model.js';
import { RefreshTokenModel } from '../../../src/models/refresh-token.model.js';
import { UserModel } from '../../../src/models/user.model.js';
import { buildApp } from '../../helpers/app.js';
import { registerAccount } from '../../helpers/factories.js';
import { enableMfa, freshCode, passwordStep, totpAt, type MfaAccount } from '../../helpers/mfa.js';

describe('POST /auth/login with MFA on, then POST /auth/login/mfa', () => {
  let app: RequestListener;
  let account: MfaAccount;
  before(() => {
    app = buildApp();
  });
  beforeEach(async () => {
    account = await enableMfa(app, await registerAccount(app));
  });

  const finish = (mfaToken: string, code: string | undefined) => request(app).post('/auth/login/mfa').send({ mfa_token: mfaToken, code });

  it('when the password is right, then 403 MFA_REQUIRED carries a 5-minute mfa_token and the methods, uncached, and no tokens', async () => {
    const started = Date.now();
    const res = await request(app).post('/auth/login').send({ email: account.email, password: account.password });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'MFA_REQUIRED');
    assert.deepEqual(res.body.methods, ['totp', 'recovery_code']);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body.access_token, undefined);
    assert.equal(res.body.refresh_token, undefined);
    assert.equal(await RefreshTokenModel.countDocuments({ user: account.user.id }), 1, 'only the registration session');
    const stored = await MfaChallengeModel.findOne({ tokenHash: hashToken(res.body.mfa_token) }).lean();
    const lifetime = (stored?.expiresAt.getTime() ?? 0) - started;
    assert.ok(lifetime > 299_000 && lifetime <= 301_000, `lifetime ${lifetime} ms`);
  });

  it('when the password is wrong, then it is the ordinary 401 with no mfa_token', async () => {
    const res = await request(app).post('/auth/login').send({ email: account.email, password: 'not the passphrase' });
    assert.equal(res.status, 401);
    assert.equal(res.body.mfa_token, undefined);
  });

  it('when the TOTP code is right, then 200 with tokens and the user, and the mfa_token is spent', async () => {
    const mfaToken = await passwordStep(app, account);
    const res = await finish(mfaToken, await freshCode(account.secret));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body.user.id, account.user.id);
    const me = await request(app).get('/auth/me').set('Authorization', `Bearer ${res.body.access_token}`);
    assert.equal(me.status, 200);
    const again = await finish(mfaToken, await freshCode(account.secret));
    assert.equal(again.status, 401);
    assert.equal(again.body.code, 'INVALID_MFA_TOKEN');
  });

  it('when an accepted code is replayed (same time step), then it is refused', async () => {
    const code = await freshCode(account.secret);
    assert.equal((await finish(await passwordStep(app, account), code)).status, 200);
    const replay = await finish(await passwordStep(app, account), code);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.code, 'INVALID_MFA_CODE');
  });

  it('when the code is from two steps ago, then it is refused', async () => {
    // No step accepted yet: only the drift window can refuse it.
    await UserModel.updateOne({ _id: account.user.id }, { $set: { totpLastStep: 0 } });
    const res = await finish(await passwordStep(app, account), totpAt(account.secret, -2));
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_MFA_CODE');
  });

  it('when a recovery code is used, then it signs in once and never again', async () => {
    const [code] = account.recoveryCodes;
    assert.equal((await finish(await passwordStep(app, account), code?.toUpperCase())).status, 200);
    const again = await finish(await passwordStep(app, account), code);
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'INVALID_MFA_CODE');
  });

  it('when the mfa_token is older than 5 minutes, then 401 INVALID_MFA_TOKEN even with the right code', async () => {
    const mfaToken = await passwordStep(app, account);
    await MfaChallengeModel.updateOne({ tokenHash: hashToken(mfaToken) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await finish(mfaToken, await freshCode(account.secret));
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'INVALID_MFA_TOKEN');
  });

  it('when five wrong codes were sent, then the mfa_token is dead even for the right code', async () => {
    const mfaToken = await passwordStep(app, account);
    for (let i = 0; i < 5; i += 1) {
      const res = await finish(mfaToken, '000000');
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'INVALID_MFA_CODE');
    }
    const res = await finish(mfaToken, await freshCode(account.secret));
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'INVALID_MFA_TOKEN');
  });

  it('when the mfa_token is unknown, or a code is malformed, then a 4xx problem', async () => {
    const unknown = await finish('no-such-token', '123456');
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.code, 'INVALID_MFA_TOKEN');
    const mfaToken = await passwordStep(app, account);
    for (const code of [undefined, 123456, { $gt: '' }, '12345', 'é'.repeat(8)]) {
      const res = await request(app).post('/auth/login/mfa').send({ mfa_token: mfaToken, code });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
    }
  });

  it('when the code is finished with delivery "cookie", then the refresh token is in an HttpOnly cookie and not in the body', async () => {
    const mfaToken = await passwordStep(app, account);
    const res = await request(app)
      .post('/auth/login/mfa')
      .send({ mfa_token: mfaToken, code: await freshCode(account.secret), delivery: 'cookie' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.refresh_token, undefined);
    const cookies = ((res.headers['set-cookie'] ?? []) as unknown as string[]).filter((cookie) => cookie.startsWith('refresh_token='));
    assert.equal(cookies.length, 1);
    assert.match(cookies[0] ?? '', /^refresh_token=[\w-]{43}; Max-Age=\d+; Path=\/auth; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    const refreshed = await request(app)
      .post('/auth/refresh')
      .set('Host', 'api.example.test')
      .set('Origin', 'http://api.example.test')
      .set('Cookie', (cookies[0] ?? '').split(';')[0] ?? '')
      .send({});
    assert.equal(refreshed.status, 200, refreshed.text);
  });

  it('when the account is disabled, then the right password answers 403 ACCOUNT_DISABLED and hands out no mfa_token', async () => {
    await UserModel.updateOne({ _id: account.user.id }, { $set: { disabled: true } });
    const res = await request(app).post('/auth/login').send({ email: account.email, password: account.password });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'ACCOUNT_DISABLED');
    assert.equal(res.body.mfa_token, undefined);
    assert.equal(await MfaChallengeModel.countDocuments({ user: account.user.id }), 0);
  });

  it('when the account is disabled between the two steps, then the right code answers 403 ACCOUNT_DISABLED and starts no session', async () => {
    const mfaToken = await passwordStep(app, account);
    await UserModel.updateOne({ _id: account.user.id }, { $set: { disabled: true } });
    const res = await finish(mfaToken, await freshCode(account.secret));
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'ACCOUNT_DISABLED');
    assert.equal(res.body.access_token, undefined);
    assert.equal(await RefreshTokenModel.countDocuments({ user: account.user.id }), 1, 'only the registration session');
  });

  it('when the account is signed out everywhere between the two steps, then the mfa_token is dead even with the right code', async () => {
    const mfaToken = await passwordStep(app, account);
    await request(app).post('/auth/logout-all').set('Authorization', `Bearer ${account.access_token}`).expect(204);
    const res = await finish(mfaToken, await freshCode(account.secret));
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'INVALID_MFA_TOKEN');
  });
});
