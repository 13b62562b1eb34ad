import assert from 'node:assert/strict';
import request from 'supertest';
import { UserModel } from '../../src/models/user.model.js';
import { appSuite } from '../helpers/app.js';
import { registerAccount } from '../helpers/factories.js';

appSuite('POST /auth/login', (app) => {
  it('when the credentials are right, then it answers 200 with tokens and the user', async () => {
    const account = await registerAccount(app, { email: 'lin@example.com' });
    const res = await request(app).post('/auth/login').send({ email: ' LIN@example.com', password: account.password });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body.user.id, account.user.id);
    assert.equal(res.body.token_type, 'Bearer');
    assert.notEqual(res.body.refresh_token, account.refresh_token);
  });

  it('when the password is wrong or the email unknown or the account has no password, then the 401 bodies are identical', async () => {
    const account = await registerAccount(app);
    await UserModel.create({ email: 'google-only@example.com', googleId: 'google-sub-1', emailVerified: true });
    const attempts = [
      { email: account.email, password: 'the wrong passphrase' },
      { email: 'nobody@example.com', password: 'the wrong passphrase' },
      { email: 'google-only@example.com', password: 'the wrong passphrase' },
    ];
    const bodies = [];
    for (const attempt of attempts) {
      const res = await request(app).post('/auth/login').send(attempt);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'INVALID_CREDENTIALS');
      bodies.push(res.body);
    }
    assert.deepEqual(bodies[1], bodies[0]);
    assert.deepEqual(bodies[2], bodies[0]);
  });

  it('when the password is sent with different case, then it is refused (compared exactly)', async () => {
    const account = await registerAccount(app, { password: 'Case Sensitive Pass' });
    const res = await request(app).post('/auth/login').send({ email: account.email, password: 'case sensitive pass' });
    assert.equal(res.status, 401);
  });
});
