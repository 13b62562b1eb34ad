import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { UserModel } from '../../src/models/user.model.js';
import { buildApp, TEST_JWT_SECRET } from '../helpers/app.js';
import { registerAccount, type Account } from '../helpers/factories.js';
import { forgeAccessToken, unsignedToken } from '../helpers/tokens.js';

const INVALID_TOKEN = 'Bearer realm="express-auth-starter", error="invalid_token"';

describe('GET /auth/me', () => {
  let app: RequestListener;
  let account: Account;
  beforeEach(async () => {
    app = buildApp();
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

  it('when the user was stored before the hasPassword flag existed, then providers still says password, and the flag is saved', async () => {
    const legacy = await UserModel.collection.insertOne({
      email: 'legacy@example.com',
      name: null,
      passwordHash: '$2b$04$abcdefghijklmnopqrstuuM1nEj9D1lCZ2bV0o8xJm0Sx3d7gKq2y',
      emailVerified: false,
      tokenVersion: 0,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    const res = await request(app)
      .get('/auth/me')
      .set('Authorization', `Bearer ${forgeAccessToken(legacy.insertedId.toHexString())}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.providers, ['password']);
    assert.equal((await UserModel.findById(legacy.insertedId).lean())?.hasPassword, true);
  });

  it('when the user has no password (a Google account), then providers does not say password', async () => {
    const google = await UserModel.create({
      email: 'g@example.com',
      googleId: 'google-subject-1',
      emailVerified: true,
      hasPassword: false,
    });
    const res = await request(app)
      .get('/auth/me')
      .set('Authorization', `Bearer ${forgeAccessToken(google._id.toHexString())}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.providers, ['google']);
  });

  it('when the access token carries exactly the contract claims, then its header is typ at+jwt and alg HS256', () => {
    const decoded = jwt.verify(account.access_token, TEST_JWT_SECRET, { complete: true });
    assert.deepEqual(decoded.header, { alg: 'HS256', typ: 'at+jwt' });
    assert.deepEqual(Object.keys(decoded.payload).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'sub', 'ver']);
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

  it('when the token is expired, then it answers 401 invalid_token', async () => {
    await expectInvalidToken(`Bearer ${forgeAccessToken(account.user.id, { expiresIn: -10 })}`);
  });

  it('when the token is signed with another key, then it answers 401 invalid_token', async () => {
    await expectInvalidToken(`Bearer ${forgeAccessToken(account.user.id, { secret: 'another-secret-another-secret-another-secret' })}`);
  });

  it('when the token is unsigned (alg none), then it answers 401 invalid_token', async () => {
    await expectInvalidToken(`Bearer ${unsignedToken(account.user.id)}`);
  });

  it('when the issuer is wrong, then it answers 401 invalid_token', async () => {
    await expectInvalidToken(`Bearer ${forgeAccessToken(account.user.id, { issuer: 'someone-else' })}`);
  });

  it('when the audience is wrong, then it answers 401 invalid_token', async () => {
    await expectInvalidToken(`Bearer ${forgeAccessToken(account.user.id, { audience: 'another-api' })}`);
  });

  it('when the token type is not at+jwt, then it answers 401 invalid_token', async () => {
    await expectInvalidToken(`Bearer ${forgeAccessToken(account.user.id, { typ: 'JWT' })}`);
  });

  it('when the token version is stale, then it answers 401 invalid_token', async () => {
    await UserModel.updateOne({ email: account.email }, { $inc: { tokenVersion: 1 } });
    await expectInvalidToken(`Bearer ${account.access_token}`);
  });

  it('when the user was deleted, then it answers 401 invalid_token', async () => {
    await UserModel.deleteOne({ email: account.email });
    await expectInvalidToken(`Bearer ${account.access_token}`);
  });

  it('when the token is passed in the query string, then it is ignored', async () => {
    const res = await request(app).get(`/auth/me?access_token=${account.access_token}`);
    assert.equal(res.status, 401);
  });
});
