import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import { Secret } from 'otpauth';
import request from 'supertest';
import { RecoveryCodeModel } from '../../../src/features/mfa/recovery-code.model.js';
import { UserModel } from '../../../src/models/user.model.js';
import { buildApp } from '../../helpers/app.js';
import { registerAccount } from '../../helpers/factories.js';
import { enableMfa, freshCode, passwordStep, totpAt } from '../../helpers/mfa.js';

describe('TOTP routes', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  describe('POST /auth/mfa/totp/setup', () => {
    it('when called, then it answers a 160-bit base32 secret and its otpauth URI, uncached, and stores it sealed and pending', async () => {
      const account = await registerAccount(app, { email: 'setup@example.com' });
      const res = await request(app).post('/auth/mfa/totp/setup').set('Authorization', `Bearer ${account.access_token}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(Secret.fromBase32(res.body.secret).bytes.length, 20);
      const uri = new URL(res.body.otpauth_uri);
      assert.equal(uri.searchParams.get('secret'), res.body.secret);
      assert.match(decodeURIComponent(uri.pathname), /setup@example\.com/);
      const stored = await UserModel.findById(account.user.id).select('+totpPendingSecret +totpSecret').lean();
      assert.equal(stored?.mfaEnabled, false);
      assert.equal(stored?.totpSecret, undefined);
      assert.ok(stored?.totpPendingSecret);
      assert.ok(!stored.totpPendingSecret.includes(res.body.secret), 'the stored secret is not the plain base32 secret');
    });

    it('when MFA is already on, then it answers 409 MFA_ALREADY_ENABLED and the secret is kept', async () => {
      const account = await enableMfa(app, await registerAccount(app));
      const before = await UserModel.findById(account.user.id).select('+totpSecret').lean();
      const res = await request(app).post('/auth/mfa/totp/setup').set('Authorization', `Bearer ${account.access_token}`);
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'MFA_ALREADY_ENABLED');
      const after = await UserModel.findById(account.user.id).select('+totpSecret +totpPendingSecret').lean();
      assert.equal(after?.totpSecret, before?.totpSecret);
      assert.equal(after?.totpPendingSecret, undefined);
    });

    it('without a token, then 401', async () => {
      const res = await request(app).post('/auth/mfa/totp/setup');
      assert.equal(res.status, 401);
    });
  });

  describe('POST /auth/mfa/totp/enable', () => {
    it('when the first code is right, then MFA is on and ten distinct recovery codes are answered once and stored hashed', async () => {
      const account = await enableMfa(app, await registerAccount(app));
      assert.equal(account.recoveryCodes.length, 10);
      assert.equal(new Set(account.recoveryCodes).size, 10);
      const stored = await UserModel.findById(account.user.id).select('+totpSecret').lean();
      assert.equal(stored?.mfaEnabled, true);
      assert.ok(stored?.totpSecret && !stored.totpSecret.includes(account.secret));
      const hashes = await RecoveryCodeModel.find({ user: account.user.id }).lean();
      assert.equal(hashes.length, 10);
      for (const code of account.recoveryCodes) assert.ok(hashes.every((doc) => !doc.tokenHash.includes(code.replace('-', ''))));
    });

    it('when the code is wrong, then 400 INVALID_MFA_CODE and MFA stays off', async () => {
      const account = await registerAccount(app);
      const auth = `Bearer ${account.access_token}`;
      const setup = await request(app).post('/auth/mfa/totp/setup').set('Authorization', auth);
      const wrong = String((Number(totpAt(setup.body.secret)) + 1) % 1_000_000).padStart(6, '0');
      const res = await request(app).post('/auth/mfa/totp/enable').set('Authorization', auth).send({ code: wrong });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'INVALID_MFA_CODE');
      assert.equal((await UserModel.findById(account.user.id).lean())?.mfaEnabled, false);
    });

    it('when no set-up was started, then 400 INVALID_MFA_CODE', async () => {
      const account = await registerAccount(app);
      const res = await request(app)
        .post('/auth/mfa/totp/enable')
        .set('Authorization', `Bearer ${account.access_token}`)
        .send({ code: '123456' });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'INVALID_MFA_CODE');
    });

    it('when the code is not a code (letters, operators, too long), then 400 VALIDATION_FAILED', async () => {
      const account = await registerAccount(app);
      for (const code of [{ $ne: '' }, '12', 'x'.repeat(33), '<script>']) {
        const res = await request(app).post('/auth/mfa/totp/enable').set('Authorization', `Bearer ${account.access_token}`).send({ code });
        assert.equal(res.status, 400);
        assert.equal(res.body.code, 'VALIDATION_FAILED');
      }
    });
  });

  describe('POST /auth/mfa/totp/disable', () => {
    it('when the code is right, then MFA is off, the secret and recovery codes are gone, and login needs only the password', async () => {
      const account = await enableMfa(app, await registerAccount(app));
      const res = await request(app)
        .post('/auth/mfa/totp/disable')
        .set('Authorization', `Bearer ${account.access_token}`)
        .send({ code: await freshCode(account.secret) });
      assert.equal(res.status, 204);
      const stored = await UserModel.findById(account.user.id).select('+totpSecret').lean();
      assert.equal(stored?.mfaEnabled, false);
      assert.equal(stored?.totpSecret, undefined);
      assert.equal(await RecoveryCodeModel.countDocuments({ user: account.user.id }), 0);
      const login = await request(app).post('/auth/login').send({ email: account.email, password: account.password });
      assert.equal(login.status, 200);
    });

    it('when a recovery code is sent, then it turns MFA off', async () => {
      const account = await enableMfa(app, await registerAccount(app));
      const res = await request(app)
        .post('/auth/mfa/totp/disable')
        .set('Authorization', `Bearer ${account.access_token}`)
        .send({ code: account.recoveryCodes[0] });
      assert.equal(res.status, 204);
    });

    it('when the code is wrong, then 400 INVALID_MFA_CODE and MFA stays on (an access token alone cannot turn it off)', async () => {
      const account = await enableMfa(app, await registerAccount(app));
      const res = await request(app)
        .post('/auth/mfa/totp/disable')
        .set('Authorization', `Bearer ${account.access_token}`)
        .send({ code: '000000' });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'INVALID_MFA_CODE');
      assert.equal((await UserModel.findById(account.user.id).lean())?.mfaEnabled, true);
    });
  });

  describe('POST /auth/mfa/recovery-codes', () => {
    it('when a TOTP code is right, then a new set works and the whole old set is dead', async () => {
      const account = await enableMfa(app, await registerAccount(app));
      const res = await request(app)
        .post('/auth/mfa/recovery-codes')
        .set('Authorization', `Bearer ${account.access_token}`)
        .send({ code: await freshCode(account.secret) });
      assert.equal(res.status, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      const fresh = res.body.recovery_codes as string[];
      assert.equal(fresh.length, 10);
      const old = await request(app)
        .post('/auth/login/mfa')
        .send({ mfa_token: await passwordStep(app, account), code: account.recoveryCodes[1] });
      assert.equal(old.status, 400);
      assert.equal(old.body.code, 'INVALID_MFA_CODE');
      const ok = await request(app)
        .post('/auth/login/mfa')
        .send({ mfa_token: await passwordStep(app, account), code: fresh[1] });
      assert.equal(ok.status, 200);
    });

    it('when a recovery code is sent instead of a TOTP code, then 400 INVALID_MFA_CODE and the old set still works', async () => {
      const account = await enableMfa(app, await registerAccount(app));
      const res = await request(app)
        .post('/auth/mfa/recovery-codes')
        .set('Authorization', `Bearer ${account.access_token}`)
        .send({ code: account.recoveryCodes[0] });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'INVALID_MFA_CODE');
      assert.equal(await RecoveryCodeModel.countDocuments({ user: account.user.id, spentAt: null }), 10);
    });
  });
});
