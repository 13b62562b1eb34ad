import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { UserModel } from '../../src/models/user.model.js';
import { buildApp } from '../helpers/app.js';
import { registerAccount, type Account } from '../helpers/factories.js';
import { assertReauthenticationRequired, staleSession, TEST_REAUTH_MAX_AGE_SECONDS } from '../helpers/reauth.js';

describe('DELETE /auth/providers/:provider (contract v3 §4)', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp({ REAUTH_MAX_AGE: `${TEST_REAUTH_MAX_AGE_SECONDS}s` });
  });

  /** An account with these provider links, and with or without its password (set directly: the providers' own suites sign in for real). */
  async function accountWith(links: Record<string, string>, { password = true } = {}): Promise<Account> {
    const account = await registerAccount(app);
    await UserModel.updateOne(
      { _id: account.user.id },
      { $set: { ...links, ...(!password && { hasPassword: false }) }, ...(!password && { $unset: { passwordHash: 1 } }) },
    );
    return account;
  }

  const unlink = (account: Account, provider: string) =>
    request(app).delete(`/auth/providers/${provider}`).set('Authorization', `Bearer ${account.access_token}`);

  const providersOf = async (account: Account) =>
    (await request(app).get('/auth/me').set('Authorization', `Bearer ${account.access_token}`)).body.providers as string[];

  it('when a password remains, then the provider is unlinked (204) and no longer listed', async () => {
    const account = await accountWith({ githubId: 'gh-1' });
    assert.deepEqual(await providersOf(account), ['password', 'github']);
    const res = await unlink(account, 'github');
    assert.equal(res.status, 204, res.text);
    assert.deepEqual(await providersOf(account), ['password']);
    assert.equal((await UserModel.findById(account.user.id).lean())?.githubId, undefined);
  });

  it('when another provider remains, then one unlinks, and the last answers 409 LAST_SIGN_IN_METHOD and stays', async () => {
    const account = await accountWith({ googleId: 'g-2', oidcId: 'o-2' }, { password: false });
    assert.equal((await unlink(account, 'google')).status, 204);
    const last = await unlink(account, 'oidc');
    assert.equal(last.status, 409, last.text);
    assert.equal(last.body.code, 'LAST_SIGN_IN_METHOD');
    assert.deepEqual(await providersOf(account), ['oidc']);
  });

  it('when a passkey remains, then the only provider can be unlinked', async () => {
    const account = await accountWith({ googleId: 'g-3', passkeyCount: '1' }, { password: false });
    assert.equal((await unlink(account, 'google')).status, 204);
    assert.deepEqual(await providersOf(account), ['passkey']);
  });

  it('when the provider is not linked, or is no provider, then 404 NOT_FOUND', async () => {
    const account = await accountWith({});
    for (const provider of ['google', 'password', 'passkey', 'facebook']) {
      const res = await unlink(account, provider);
      assert.equal(res.status, 404, provider);
      assert.equal(res.body.code, 'NOT_FOUND', provider);
    }
  });

  it('when two unlinks of the last two providers race, then one of them is refused and one way in remains', async () => {
    const account = await accountWith({ googleId: 'g-4', githubId: 'gh-4' }, { password: false });
    const answers = await Promise.all([unlink(account, 'google'), unlink(account, 'github')]);
    assert.deepEqual(answers.map((res) => res.status).sort(), [204, 409]);
    assert.equal((await providersOf(account)).length, 1);
  });

  it('when the sign-in is not recent, then 401 REAUTHENTICATION_REQUIRED and the link stays', async () => {
    const account = await staleSession(app, await accountWith({ githubId: 'gh-5' }));
    assertReauthenticationRequired(await unlink(account, 'github'), 'unlink');
    assert.deepEqual(await providersOf(account), ['password', 'github']);
  });
});
