import assert from 'node:assert/strict';
import { UserModel } from '../../src/models/user.model.js';
import { signInWithExternalIdentity } from '../../src/sign-in/external-sign-in.service.js';

const IDENTITY = { provider: 'google', subject: 'google-sub-race', email: 'race@example.com', emailVerified: true, name: 'Race' } as const;

describe('signInWithExternalIdentity', () => {
  it('when two first sign-ins of one subject race, then both get the same single account', async () => {
    const accounts = await Promise.all(Array.from({ length: 5 }, () => signInWithExternalIdentity(IDENTITY)));
    assert.equal(new Set(accounts.map((account) => account._id.toHexString())).size, 1);
    assert.equal(await UserModel.countDocuments({}), 1);
  });

  it('when the email is not verified, then it throws EMAIL_NOT_VERIFIED and writes nothing', async () => {
    await assert.rejects(signInWithExternalIdentity({ ...IDENTITY, emailVerified: false }), { code: 'EMAIL_NOT_VERIFIED' });
    assert.equal(await UserModel.countDocuments({}), 0);
  });

  it('when the email belongs to an account linked to another subject, then it throws OAUTH_DENIED and links nothing', async () => {
    await UserModel.create({ email: IDENTITY.email, googleId: 'someone-else', emailVerified: true });
    await assert.rejects(signInWithExternalIdentity(IDENTITY), { code: 'OAUTH_DENIED' });
    assert.equal(await UserModel.countDocuments({ googleId: IDENTITY.subject }), 0);
  });

  it('when the provider gives no name, then the new account has a null name and is never stored with a null googleId', async () => {
    const account = await signInWithExternalIdentity({ ...IDENTITY, name: undefined });
    assert.equal(account.name, null);
    assert.equal(await UserModel.countDocuments({ googleId: null }), 0);
  });

  it("when a provider claims an unverified account, then the previous holder's links to the other providers go too", async () => {
    // No flow leaves a provider link on an unverified address today; the claim must not rely on that.
    const squatter = await UserModel.create({
      email: IDENTITY.email,
      emailVerified: false,
      githubId: 'gh-squatter',
      oidcId: 'oidc-squatter',
    });
    const claimed = await signInWithExternalIdentity(IDENTITY);
    assert.equal(claimed._id.toHexString(), squatter._id.toHexString());
    const stored = await UserModel.findById(squatter._id).lean();
    assert.equal(stored?.googleId, IDENTITY.subject);
    assert.equal(stored?.githubId, undefined);
    assert.equal(stored?.oidcId, undefined);
  });
});
