import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { PasskeyModel } from '../../../src/features/passkeys/passkey.model.js';
import { UserModel } from '../../../src/models/user.model.js';
import { MAX_PASSKEYS } from '../../../src/features/passkeys/passkey.service.js';
import { buildApp } from '../../helpers/app.js';
import { registerAccount, type Account } from '../../helpers/factories.js';
import { ORIGIN, registrationOptions, RP_ID } from '../../helpers/passkeys.js';
import { storeUnusablePasskeys } from './stored-passkeys.js';
import { setCookie } from '../../helpers/oauth-provider.js';
import { softAuthenticator } from '../../helpers/soft-authenticator.js';

describe('security: passkey input and the passkey limit', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  const verifyRegistration = (account: Account, response: unknown) =>
    request(app).post('/auth/passkeys/register/verify').set('Authorization', `Bearer ${account.access_token}`).send({ response });

  for (const transports of [[{ $gt: '' }], [['usb']], { usb: true }, 'usb', ['USB; drop'], Array.from({ length: 9 }, () => 'usb')]) {
    it(`when the registration's transports are ${JSON.stringify(transports)}, then 400 VALIDATION_FAILED and nothing is stored`, async () => {
      const account = await registerAccount(app);
      const response = softAuthenticator(RP_ID, ORIGIN).register(await registrationOptions(app, account));
      const res = await verifyRegistration(account, { ...response, response: { ...response.response, transports } });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assert.equal(await PasskeyModel.countDocuments({ user: account.user.id }), 0);
    });
  }

  it('when the passkey challenge cookie is in cookie-parser JSON form (j:{...}), then 401 INVALID_PASSKEY, not a 500', async () => {
    const options = await request(app).post('/auth/passkeys/login/options');
    assert.ok(setCookie(options, 'passkey_challenge'));
    const assertion = softAuthenticator(RP_ID, ORIGIN).assert(options.body as { challenge: string });
    const res = await request(app)
      .post('/auth/passkeys/login/verify')
      .set('Cookie', `passkey_challenge=j%3A${encodeURIComponent('{"$ne":null}')}`)
      .send({ response: assertion });
    assert.equal(res.status, 401, res.text);
    assert.equal(res.body.code, 'INVALID_PASSKEY');
  });

  it(`when three registrations race for the ${MAX_PASSKEYS}th place, then exactly one is stored and the others answer 409`, async () => {
    const account = await registerAccount(app);
    await storeUnusablePasskeys(account.user.id, MAX_PASSKEYS - 1);
    const responses = [];
    for (let i = 0; i < 3; i += 1) responses.push(softAuthenticator(RP_ID, ORIGIN).register(await registrationOptions(app, account)));
    const results = await Promise.all(responses.map((response) => verifyRegistration(account, response)));
    assert.deepEqual(results.map((res) => res.status).sort(), [201, 409, 409]);
    assert.equal(await PasskeyModel.countDocuments({ user: account.user.id }), MAX_PASSKEYS);
    assert.equal((await UserModel.findById(account.user.id).lean())?.passkeyCount, MAX_PASSKEYS);
  });
});
