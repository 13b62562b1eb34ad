import assert from 'node:assert/strict';
import request from 'supertest';
import { appSuite } from '../helpers/app.js';
import { registerAccount } from '../helpers/factories.js';

appSuite('security: personal data kept by a shared or browser cache', (app) => {
  it('when a signed-in user reads /auth/me, then the answer is Cache-Control: no-store', async () => {
    const account = await registerAccount(app);
    const res = await request(app).get('/auth/me').set('Authorization', `Bearer ${account.access_token}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  // feature:mail
  it('when any authenticated route answers (here a 202 naming the address), then it is Cache-Control: no-store', async () => {
    const account = await registerAccount(app);
    const res = await request(app).post('/auth/verify-email/request').set('Authorization', `Bearer ${account.access_token}`);
    assert.equal(res.status, 202);
    assert.ok(String(res.body.message).includes(account.email));
    assert.equal(res.headers['cache-control'], 'no-store');
  });
  // /feature:mail
});
