import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { UserModel } from '../../src/models/user.model.js';
import { appSuite, TEST_JWT_SECRET } from '../helpers/app.js';
import { registerAccount, type Account } from '../helpers/factories.js';
import { forgeAccessToken } from '../helpers/tokens.js';

// A live session of the users these tests store directly.
const SID = '0b6d3c1e-8f1a-4c3e-9a51-6f2f8c1d2e3a';

const INVALID_TOKEN = 'Bearer realm="express-auth-starter", error="invalid_token"';

appSuite('GET /auth/me', (app) => {
  let account: Account;
  beforeEach(async () => {
    account = await registerAccount(app, { name: 'Ada' });
  });

  async function expectInvalidToken(authorization: string): Promise<void> {
    const res = await request(app).get('/auth/me').set('Authorization', authorization);
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'UNAUTHORIZED');
    assert.equal(res.headers['www-authenticate'], INVALID_TOKEN);
  }

  it('when the access token is valid, then it answers the user', async () => {
    const res = await request(app).get('/auth/me').set('Authorization', `Bearer ${account.access_token}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, account.user);
  });

  it('when the user has no password (a Google account), then providers does not say password', async () => {
    const google = await UserModel.create({
      email: 'g@example.com',
      googleId: 'google-subject-1',
      emailVerified: true,
      hasPassword: false,
      sessions: { [SID]: new Date() },
    });
    const res = await request(app)
      .get('/auth/me')
      .set('Authorization', `Bearer ${forgeAccessToken(google._id.toHexString(), { sid: SID })}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.providers, ['google']);
  });

  it('when the access token carries exactly the contract claims, then its header is typ at+jwt and alg HS256', () => {
    const decoded = jwt.verify(account.access_token, TEST_JWT_SECRET, { complete: true });
    assert.deepEqual(decoded.header, { alg: 'HS256', typ: 'at+jwt' });
    assert.deepEqual(Object.keys(decoded.payload).sort(), [
      'aud',
      'auth_time',
      'client_id',
      'exp',
      'iat',
      'iss',
      'jti',
      'sid',
      'sub',
      'ver',
    ]);
    assert.equal((decoded.payload as jwt.JwtPayload).sub, account.user.id);
  });

  it('when no token is sent, then it answers 401 with a bare Bearer challenge', async () => {
    const res = await request(app).get('/auth/me');
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="express-auth-starter"');
  });

  it('when the token is sent without the Bearer scheme, then it answers 401 without error="invalid_token"', async () => {
    const res = await request(app).get('/auth/me').set('Authorization', account.access_token);
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="express-auth-starter"');
  });

  it('when the token version is stale, then it answers 401 invalid_token', async () => {
    await UserModel.updateOne({ email: account.email }, { $inc: { tokenVersion: 1 } });
    await expectInvalidToken(`Bearer ${account.access_token}`);
  });

  it('when the user was deleted, then it answers 401 invalid_token', async () => {
    await UserModel.deleteOne({ email: account.email });
    await expectInvalidToken(`Bearer ${account.access_token}`);
  });
});
