import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
// feature:passkeys
import { PasskeyModel } from '../../../src/features/passkeys/passkey.model.js';
// /feature:passkeys
// feature:mfa
import { RecoveryCodeModel } from '../../../src/features/mfa/recovery-code.model.js';
// /feature:mfa
import { UserModel } from '../../../src/models/user.model.js';
// feature:passkeys
import { WebAuthnChallengeModel } from '../../../src/features/passkeys/webauthn-challenge.model.js';
// /feature:passkeys
import { buildApp } from '../../helpers/app.js';
import { registerAccount, type Account } from '../../helpers/factories.js';
// feature:mfa
import { enableMfa, freshCode } from '../../helpers/mfa.js';
// /feature:mfa
// feature:passkeys
import { addPasskey, registrationOptions } from '../../helpers/passkeys.js';
// /feature:passkeys
import { signInWithGoogle, startTestProvider, type TestProvider } from '../../helpers/oauth-provider.js';
// feature:passkeys
import { setCookie } from '../../helpers/oauth-provider.js';
// /feature:passkeys

const OWNER = { sub: 'google-sub-paula', email: 'paula@example.com', email_verified: true, name: 'Paula' };

describe('security: pre-hijacking an account with a second factor, then the Google claim (contract §3)', () => {
  let provider: TestProvider;
  let app: RequestListener;
  before(async () => {
    provider = await startTestProvider();
    app = buildApp(provider.env());
  });
  after(() => provider.stop());

  /** The attacker registers the owner's address (never verified) with a password of their own. */
  const preHijack = (): Promise<Account> =>
    registerAccount(app, { email: OWNER.email, password: 'the attacker knows this', name: 'Paula (IT)' });

  async function claim() {
    provider.signInAs(OWNER);
    const res = await signInWithGoogle(app);
    assert.equal(res.status, 200, res.text);
    return res.body as { access_token: string; user: { id: string; providers: string[]; mfa_enabled: boolean; name: string } };
  }

  // feature:passkeys
  it("when the attacker added a passkey, then after the owner's Google sign-in it signs in no more and no passkey is left", async () => {
    const attacker = await preHijack();
    const { authenticator } = await addPasskey(app, attacker);
    // A registration the attacker started but did not finish must not finish after the claim either.
    await registrationOptions(app, attacker);
    const owner = await claim();
    assert.deepEqual(owner.user.providers, ['google']);
    assert.equal(await PasskeyModel.countDocuments({ user: owner.user.id }), 0);
    assert.equal(await WebAuthnChallengeModel.countDocuments({ user: owner.user.id }), 0);
    assert.equal((await UserModel.findById(owner.user.id).lean())?.passkeyCount, 0);
    const options = await request(app).post('/auth/passkeys/login/options');
    const login = await request(app)
      .post('/auth/passkeys/login/verify')
      .set('Cookie', setCookie(options, 'passkey_challenge') ?? '')
      .send({ response: authenticator.assert(options.body) });
    assert.equal(login.status, 401, login.text);
    assert.equal(login.body.access_token, undefined);
  });
  // /feature:passkeys

  // feature:mfa
  it("when the attacker turned on TOTP, then the owner's Google sign-in is not gated by it, and neither their codes nor their recovery codes work", async () => {
    const attacker = await enableMfa(app, await preHijack());
    const owner = await claim();
    assert.equal(owner.user.mfa_enabled, false);
    assert.equal(owner.user.name, OWNER.name);
    const stored = await UserModel.findById(owner.user.id).select('+totpSecret +totpPendingSecret').lean();
    assert.equal(stored?.totpSecret, undefined);
    assert.equal(stored?.totpPendingSecret, undefined);
    assert.equal(await RecoveryCodeModel.countDocuments({ user: owner.user.id }), 0);
    // The owner's own set-up works from scratch; the attacker's secret cannot turn it back on.
    const setup = await request(app).post('/auth/mfa/totp/setup').set('Authorization', `Bearer ${owner.access_token}`);
    assert.equal(setup.status, 200);
    const enable = await request(app)
      .post('/auth/mfa/totp/enable')
      .set('Authorization', `Bearer ${owner.access_token}`)
      .send({ code: await freshCode(attacker.secret) });
    assert.equal(enable.status, 400);
    assert.equal(enable.body.code, 'INVALID_MFA_CODE');
  });
  // /feature:mfa

  // feature:mfa
  it("when the address was verified by its holder, then Google links to it and keeps the holder's second factors", async () => {
    const holder = await enableMfa(app, await registerAccount(app, { email: OWNER.email }));
    await UserModel.updateOne({ _id: holder.user.id }, { $set: { emailVerified: true } });
    provider.signInAs(OWNER);
    const res = await signInWithGoogle(app);
    assert.equal(res.status, 403, res.text);
    assert.equal(res.body.code, 'MFA_REQUIRED');
    assert.equal((await UserModel.findById(holder.user.id).lean())?.googleId, OWNER.sub);
  });
  // /feature:mfa
});
