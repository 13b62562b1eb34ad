import assert from 'node:assert/strict';
import request from 'supertest';
import { appSuite } from '../helpers/app.js';
import { loginAccount, registerAccount } from '../helpers/factories.js';

appSuite('POST /auth/password', (app) => {
  it('when the current password is right, then the new one works, the old one and other sessions do not', async () => {
    const account = await registerAccount(app, { password: 'the first passphrase' });
    const other = await loginAccount(app, account.email, account.password);
    const res = await request(app)
      .post('/auth/password')
      .set('Authorization', `Bearer ${account.access_token}`)
      .send({ current_password: 'the first passphrase', new_password: 'the second passphrase' });
    assert.equal(res.status, 204);
    assert.equal(res.text, '');

    const oldLogin = await request(app).post('/auth/login').send({ email: account.email, password: 'the first passphrase' });
    assert.equal(oldLogin.status, 401);
    await loginAccount(app, account.email, 'the second passphrase');

    const otherRefresh = await request(app).post('/auth/refresh').send({ refresh_token: other.refresh_token });
    assert.equal(otherRefresh.status, 401, "the other session's refresh token is revoked");
    const otherMe = await request(app).get('/auth/me').set('Authorization', `Bearer ${other.access_token}`);
    assert.equal(otherMe.status, 401, 'access tokens issued before the change are rejected');

    const ownRefresh = await request(app).post('/auth/refresh').send({ refresh_token: account.refresh_token });
    assert.equal(ownRefresh.status, 200, 'the session that changed the password keeps its refresh token');
    const me = await request(app).get('/auth/me').set('Authorization', `Bearer ${ownRefresh.body.access_token}`);
    assert.equal(me.status, 200);
  });

  it('when the current password is wrong, then it answers 401 INVALID_CREDENTIALS and nothing changes', async () => {
    const account = await registerAccount(app);
    const res = await request(app)
      .post('/auth/password')
      .set('Authorization', `Bearer ${account.access_token}`)
      .send({ current_password: 'not the password', new_password: 'the second passphrase' });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'INVALID_CREDENTIALS');
    await loginAccount(app, account.email, account.password);
    const me = await request(app).get('/auth/me').set('Authorization', `Bearer ${account.access_token}`);
    assert.equal(me.status, 200);
  });

  it('when not authenticated, then it answers 401 UNAUTHORIZED', async () => {
    const res = await request(app).post('/auth/password').send({ current_password: 'x', new_password: 'the second passphrase' });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'UNAUTHORIZED');
  });
});
