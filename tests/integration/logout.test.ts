import assert from 'node:assert/strict';
import request from 'supertest';
import { RefreshTokenModel } from '../../src/models/refresh-token.model.js';
import { appSuite } from '../helpers/app.js';
import { loginAccount, registerAccount } from '../helpers/factories.js';

appSuite('POST /auth/logout', (app) => {
  it('when the token is valid, then it answers 204 and the session can no longer refresh', async () => {
    const account = await registerAccount(app);
    const other = await loginAccount(app, account.email, account.password);
    const res = await request(app).post('/auth/logout').send({ refresh_token: account.refresh_token });
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    const after = await request(app).post('/auth/refresh').send({ refresh_token: account.refresh_token });
    assert.equal(after.status, 401);
    const otherSession = await request(app).post('/auth/refresh').send({ refresh_token: other.refresh_token });
    assert.equal(otherSession.status, 200, 'another session of the same user is untouched');
  });

  it('when the token is unknown, then it still answers 204 (no oracle)', async () => {
    const res = await request(app).post('/auth/logout').send({ refresh_token: 'no-such-token' });
    assert.equal(res.status, 204);
  });

  it('when the body is invalid, then it answers 400', async () => {
    const res = await request(app).post('/auth/logout').send({ refresh_token: 42 });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'VALIDATION_FAILED');
  });
});

appSuite('POST /auth/logout-all', (app) => {
  it('when authenticated, then every session and every earlier access token of the user is revoked', async () => {
    const account = await registerAccount(app);
    const second = await loginAccount(app, account.email, account.password);
    const bystander = await registerAccount(app);
    const res = await request(app).post('/auth/logout-all').set('Authorization', `Bearer ${second.access_token}`);
    assert.equal(res.status, 204);
    for (const token of [account.access_token, second.access_token]) {
      const me = await request(app).get('/auth/me').set('Authorization', `Bearer ${token}`);
      assert.equal(me.status, 401);
    }
    for (const token of [account.refresh_token, second.refresh_token]) {
      const refreshed = await request(app).post('/auth/refresh').send({ refresh_token: token });
      assert.equal(refreshed.status, 401);
    }
    assert.equal(await RefreshTokenModel.countDocuments({ user: account.user.id, revokedAt: null }), 0);
    const untouched = await request(app).get('/auth/me').set('Authorization', `Bearer ${bystander.access_token}`);
    assert.equal(untouched.status, 200);
    const login = await loginAccount(app, account.email, account.password);
    assert.ok(login.access_token, 'the user can sign in again');
  });

  it('when not authenticated, then it answers 401', async () => {
    const res = await request(app).post('/auth/logout-all');
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'UNAUTHORIZED');
  });
});
