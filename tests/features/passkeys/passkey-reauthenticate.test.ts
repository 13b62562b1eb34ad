import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { buildApp } from '../../helpers/app.js';
import { registerAccount, type Account } from '../../helpers/factories.js';
import { addPasskey } from '../../helpers/passkeys.js';
import { claimsOf, staleSession, TEST_REAUTH_MAX_AGE_SECONDS } from '../../helpers/reauth.js';

describe('passkey re-authentication', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp({ REAUTH_MAX_AGE: `${TEST_REAUTH_MAX_AGE_SECONDS}s` });
  });

  const bearer = (account: Account) => `Bearer ${account.access_token}`;
  const options = async (account: Account) => {
    const res = await request(app).post('/auth/passkeys/reauthenticate/options').set('Authorization', bearer(account));
    assert.equal(res.status, 200, res.text);
    return res.body as { challenge: string; allowCredentials: { id: string }[] };
  };
  const verify = (account: Account, response: unknown) =>
    request(app).post('/auth/passkeys/reauthenticate/verify').set('Authorization', bearer(account)).send({ response });

  it("when the caller's passkey answers their challenge, then 200 tokens of the same session with a fresh auth_time", async () => {
    const account = await registerAccount(app);
    const { authenticator } = await addPasskey(app, account);
    const stale = await staleSession(app, account);
    const asked = await options(stale);
    assert.deepEqual(
      asked.allowCredentials.map((credential) => credential.id),
      [authenticator.credentialId],
    );
    const res = await verify(stale, authenticator.assert(asked));
    assert.equal(res.status, 200, res.text);
    assert.equal(claimsOf(res.body.access_token).sid, claimsOf(stale.access_token).sid);
    assert.ok(claimsOf(res.body.access_token).auth_time > claimsOf(stale.access_token).auth_time);
    const setup = await request(app).post('/auth/passkeys/register/options').set('Authorization', `Bearer ${res.body.access_token}`);
    assert.equal(setup.status, 200, setup.text);
  });

  it('when the challenge is replayed, then 401 INVALID_PASSKEY', async () => {
    const account = await registerAccount(app);
    const { authenticator } = await addPasskey(app, account);
    const response = authenticator.assert(await options(account));
    assert.equal((await verify(account, response)).status, 200);
    const replay = await verify(account, response);
    assert.equal(replay.status, 401, replay.text);
    assert.equal(replay.body.code, 'INVALID_PASSKEY');
  });

  it("when another user's passkey answers the caller's challenge, or the challenge is another user's, then 401 INVALID_PASSKEY", async () => {
    const account = await registerAccount(app);
    await addPasskey(app, account);
    const other = await registerAccount(app);
    const { authenticator: theirs } = await addPasskey(app, other);
    const foreignPasskey = await verify(account, theirs.assert(await options(account)));
    assert.equal(foreignPasskey.body.code, 'INVALID_PASSKEY');
    const foreignChallenge = await verify(account, theirs.assert(await options(other)));
    assert.equal(foreignChallenge.status, 401, foreignChallenge.text);
    assert.equal(foreignChallenge.body.code, 'INVALID_PASSKEY');
  });

  it('when the account has no passkey, then the options answer 404', async () => {
    const account = await registerAccount(app);
    const res = await request(app).post('/auth/passkeys/reauthenticate/options').set('Authorization', bearer(account));
    assert.equal(res.status, 404, res.text);
  });
});
