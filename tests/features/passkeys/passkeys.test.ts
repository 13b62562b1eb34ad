import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { PasskeyModel } from '../../../src/features/passkeys/passkey.model.js';
import { MAX_PASSKEYS } from '../../../src/features/passkeys/passkey.service.js';
import { UserModel } from '../../../src/models/user.model.js';
import { buildApp } from '../../helpers/app.js';
import { registerAccount, type Account } from '../../helpers/factories.js';
// feature:mfa
import { enableMfa } from '../../helpers/mfa.js';
// /feature:mfa
import { addPasskey, ORIGIN, registrationOptions, RP_ID } from '../../helpers/passkeys.js';
import { storeUnusablePasskeys } from './stored-passkeys.js';
import { setCookie } from '../../helpers/oauth-provider.js';
import { softAuthenticator, type AssertionOptions } from '../../helpers/soft-authenticator.js';

describe('passkeys', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  const bearer = (account: Account) => `Bearer ${account.access_token}`;

  /** POST /auth/passkeys/login/options: the options and the browser's challenge cookie. */
  async function loginOptions() {
    const res = await request(app).post('/auth/passkeys/login/options');
    assert.equal(res.status, 200, res.text);
    const cookie = setCookie(res, 'passkey_challenge');
    assert.ok(cookie);
    return { options: res.body as { challenge: string }, cookie };
  }

  const verifyLogin = (response: unknown, cookie: string | undefined) => {
    const req = request(app).post('/auth/passkeys/login/verify');
    return (cookie ? req.set('Cookie', cookie) : req).send({ response });
  };

  describe('registration', () => {
    it('when options are asked, then they require user verification, prefer a discoverable credential and are not cached', async () => {
      const account = await registerAccount(app);
      const res = await request(app).post('/auth/passkeys/register/options').set('Authorization', bearer(account));
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.body.rp.id, RP_ID);
      assert.equal(res.body.authenticatorSelection.userVerification, 'required');
      assert.equal(res.body.authenticatorSelection.residentKey, 'preferred');
      assert.equal(res.body.user.name, account.email);
    });

    it('when the response is valid, then 201 with the passkey, it is listed, and providers gains "passkey"', async () => {
      const account = await registerAccount(app);
      const { passkey } = await addPasskey(app, account);
      assert.equal(passkey.name, 'Laptop');
      const list = await request(app).get('/auth/passkeys').set('Authorization', bearer(account));
      assert.deepEqual(
        list.body.items.map((item: { id: string; last_used_at: null }) => [item.id, item.last_used_at]),
        [[passkey.id, null]],
      );
      const me = await request(app).get('/auth/me').set('Authorization', bearer(account));
      assert.deepEqual(me.body.providers, ['password', 'passkey']);
    });

    it('when the challenge is replayed, the origin is foreign, or the user was not verified, then 400 and nothing is stored', async () => {
      const account = await registerAccount(app);
      const authenticator = softAuthenticator(RP_ID, ORIGIN);
      const replay = authenticator.register(await registrationOptions(app, account));
      const first = await request(app)
        .post('/auth/passkeys/register/verify')
        .set('Authorization', bearer(account))
        .send({ response: replay });
      assert.equal(first.status, 201);
      // Only the spent challenge can refuse the replay, not the credential already being known.
      await PasskeyModel.deleteMany({});
      const bad = [
        replay,
        authenticator.register(await registrationOptions(app, account), { origin: 'https://evil.example.com' }),
        authenticator.register(await registrationOptions(app, account), { userVerified: false }),
      ];
      for (const response of bad) {
        const res = await request(app).post('/auth/passkeys/register/verify').set('Authorization', bearer(account)).send({ response });
        assert.equal(res.status, 400, res.text);
        assert.equal(res.body.code, 'INVALID_PASSKEY');
      }
      assert.equal(await PasskeyModel.countDocuments({}), 0);
    });

    it('when the challenge was handed to another user, then 400', async () => {
      const [ada, eve] = [await registerAccount(app), await registerAccount(app)];
      const response = softAuthenticator(RP_ID, ORIGIN).register(await registrationOptions(app, ada));
      const res = await request(app).post('/auth/passkeys/register/verify').set('Authorization', bearer(eve)).send({ response });
      assert.equal(res.status, 400);
    });
  });

  describe('sign-in', () => {
    it("when a registered passkey answers with this browser's challenge, then 200 with tokens, and the counter and last use are stored", async () => {
      const account = await registerAccount(app);
      const { authenticator, passkey } = await addPasskey(app, account);
      const { options, cookie } = await loginOptions();
      const res = await verifyLogin(authenticator.assert(options), cookie);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.body.user.id, account.user.id);
      const stored = await PasskeyModel.findById(passkey.id).lean();
      assert.equal(stored?.counter, 1);
      assert.ok(stored?.lastUsedAt);
    });

    // feature:mfa
    it('when the account has MFA on, then a passkey sign-in needs no second step', async () => {
      const account = await enableMfa(app, await registerAccount(app));
      const { authenticator } = await addPasskey(app, account);
      const { options, cookie } = await loginOptions();
      const res = await verifyLogin(authenticator.assert(options), cookie);
      assert.equal(res.status, 200, res.text);
    });
    // /feature:mfa

    it('when the account is disabled, then a valid assertion answers 403 ACCOUNT_DISABLED with no tokens', async () => {
      const account = await registerAccount(app);
      const { authenticator } = await addPasskey(app, account);
      await UserModel.updateOne({ _id: account.user.id }, { $set: { disabled: true } });
      const { options, cookie } = await loginOptions();
      const res = await verifyLogin(authenticator.assert(options), cookie);
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'ACCOUNT_DISABLED');
      assert.equal(res.body.access_token, undefined);
    });

    it('when the sign-in asks for delivery "cookie", then the refresh token is in an HttpOnly cookie and not in the body', async () => {
      const account = await registerAccount(app);
      const { authenticator } = await addPasskey(app, account);
      const { options, cookie } = await loginOptions();
      const res = await request(app)
        .post('/auth/passkeys/login/verify')
        .set('Cookie', cookie)
        .send({ response: authenticator.assert(options), delivery: 'cookie' });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.refresh_token, undefined);
      assert.ok(setCookie(res, 'refresh_token'), 'a refresh_token cookie');
    });

    it('when the assertion is tampered with, then 401 INVALID_PASSKEY: foreign origin, replayed challenge, lower counter, no user verification', async () => {
      const account = await registerAccount(app);
      const { authenticator } = await addPasskey(app, account);
      const first = await loginOptions();
      const accepted = authenticator.assert(first.options, { counter: 10 });
      assert.equal((await verifyLogin(accepted, first.cookie)).status, 200);
      const replay = await verifyLogin(accepted, first.cookie);
      assert.equal(replay.status, 401, 'replayed challenge');
      assert.equal(replay.body.code, 'INVALID_PASSKEY');
      const tampered: [string, AssertionOptions][] = [
        ['foreign origin', { origin: 'https://evil.example.com' }],
        ['lower counter', { counter: 9 }],
        ['same counter', { counter: 10 }],
        ['no user verification', { userVerified: false }],
      ];
      for (const [name, tamper] of tampered) {
        const { options, cookie } = await loginOptions();
        const res = await verifyLogin(authenticator.assert(options, tamper), cookie);
        assert.equal(res.status, 401, `${name}: ${res.text}`);
        assert.equal(res.body.code, 'INVALID_PASSKEY', name);
      }
      const later = await loginOptions();
      assert.equal((await verifyLogin(authenticator.assert(later.options, { counter: 11 }), later.cookie)).status, 200);
    });

    it("when the challenge cookie is missing or is another browser's, then 401", async () => {
      const account = await registerAccount(app);
      const { authenticator } = await addPasskey(app, account);
      const mine = await loginOptions();
      const theirs = await loginOptions();
      assert.equal((await verifyLogin(authenticator.assert(mine.options), undefined)).status, 401);
      assert.equal((await verifyLogin(authenticator.assert(mine.options), theirs.cookie)).status, 401);
    });

    it('when the credential is unknown or the signature is garbage, then 401; when the body is malformed, then 400', async () => {
      const account = await registerAccount(app);
      const { authenticator } = await addPasskey(app, account);
      const stranger = softAuthenticator(RP_ID, ORIGIN);
      stranger.register(await registrationOptions(app, account));
      const a = await loginOptions();
      assert.equal((await verifyLogin(stranger.assert(a.options), a.cookie)).status, 401);
      const b = await loginOptions();
      const forged = authenticator.assert(b.options);
      forged.response.signature = Buffer.from('not a signature').toString('base64url');
      assert.equal((await verifyLogin(forged, b.cookie)).status, 401);
      const c = await loginOptions();
      const unreadable = authenticator.assert(c.options);
      unreadable.response.clientDataJSON = 'bm90IGpzb24';
      assert.equal((await verifyLogin(unreadable, c.cookie)).status, 401);
      for (const response of [
        undefined,
        'x',
        { id: 'x' },
        { ...authenticator.assert(c.options), type: 'password' },
        { ...forged, id: '$$$' },
      ]) {
        const res = await verifyLogin(response, c.cookie);
        assert.equal(res.status, 400, JSON.stringify(response));
        assert.equal(res.body.code, 'VALIDATION_FAILED');
      }
    });

    it('when the per-IP auth limit is spent, then login options answer 429', async () => {
      const limited = buildApp({ RATE_LIMIT_AUTH_MAX: '1' });
      assert.equal((await request(limited).post('/auth/passkeys/login/options')).status, 200);
      assert.equal((await request(limited).post('/auth/passkeys/login/options')).status, 429);
    });
  });

  describe('the limit of passkeys per account', () => {
    const storePasskeys = (account: Account, count: number) => storeUnusablePasskeys(account.user.id, count);

    it(`when an account holds ${MAX_PASSKEYS} passkeys, then new options answer 409 PASSKEY_LIMIT until one is deleted`, async () => {
      const account = await registerAccount(app);
      await storePasskeys(account, MAX_PASSKEYS);
      const res = await request(app).post('/auth/passkeys/register/options').set('Authorization', bearer(account));
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'PASSKEY_LIMIT');
      const [first] = (await request(app).get('/auth/passkeys').set('Authorization', bearer(account))).body.items as { id: string }[];
      await request(app).delete(`/auth/passkeys/${first?.id}`).set('Authorization', bearer(account)).expect(204);
      await registrationOptions(app, account);
    });

    it('when the limit was reached after the options were handed out, then the registration answers 409 and stores nothing', async () => {
      const account = await registerAccount(app);
      const response = softAuthenticator(RP_ID, ORIGIN).register(await registrationOptions(app, account));
      await storePasskeys(account, MAX_PASSKEYS);
      const res = await request(app).post('/auth/passkeys/register/verify').set('Authorization', bearer(account)).send({ response });
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'PASSKEY_LIMIT');
      assert.equal(await PasskeyModel.countDocuments({ user: account.user.id }), MAX_PASSKEYS);
    });
  });

  describe('DELETE /auth/passkeys/:id', () => {
    it('when the passkey is yours, then 204, it no longer signs in, and providers drops "passkey"', async () => {
      const account = await registerAccount(app);
      const { authenticator, passkey } = await addPasskey(app, account);
      const res = await request(app).delete(`/auth/passkeys/${passkey.id}`).set('Authorization', bearer(account));
      assert.equal(res.status, 204);
      const { options, cookie } = await loginOptions();
      assert.equal((await verifyLogin(authenticator.assert(options), cookie)).status, 401);
      const me = await request(app).get('/auth/me').set('Authorization', bearer(account));
      assert.deepEqual(me.body.providers, ['password']);
    });

    it("when the passkey is another user's, unknown or the id malformed, then 404 and nothing is deleted", async () => {
      const [ada, eve] = [await registerAccount(app), await registerAccount(app)];
      const { passkey } = await addPasskey(app, ada);
      for (const id of [passkey.id, '0123456789abcdef01234567', 'not-an-id']) {
        const res = await request(app).delete(`/auth/passkeys/${id}`).set('Authorization', bearer(eve));
        assert.equal(res.status, 404);
      }
      assert.equal(await PasskeyModel.countDocuments({ user: ada.user.id }), 1);
    });
  });
});
