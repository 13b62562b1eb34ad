import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import type { Account } from './factories.js';
import { softAuthenticator } from './soft-authenticator.js';

// The test configuration's APP_URL is https://app.example.com/start: the relying party follows it.
export const RP_ID = 'app.example.com';
export const ORIGIN = 'https://app.example.com';

type Authenticator = ReturnType<typeof softAuthenticator>;

/** POST /auth/passkeys/register/options for a signed-in account. */
export async function registrationOptions(app: RequestListener, account: Account) {
  const res = await request(app).post('/auth/passkeys/register/options').set('Authorization', `Bearer ${account.access_token}`);
  assert.equal(res.status, 200, res.text);
  return res.body as { challenge: string; user: { id: string } };
}

/** Registers a passkey named "Laptop" through the API, made by a software authenticator. */
export async function addPasskey(app: RequestListener, account: Account, authenticator: Authenticator = softAuthenticator(RP_ID, ORIGIN)) {
  const response = authenticator.register(await registrationOptions(app, account));
  const res = await request(app)
    .post('/auth/passkeys/register/verify')
    .set('Authorization', `Bearer ${account.access_token}`)
    .send({ response, name: 'Laptop' });
  assert.equal(res.status, 201, res.text);
  return { authenticator, passkey: res.body as { id: string; name: string } };
}
