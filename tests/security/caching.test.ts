import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { buildApp } from '../helpers/app.js';
import { registerAccount } from '../helpers/factories.js';

describe('security: personal data kept by a shared or browser cache', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  it('when a signed-in user reads /auth/me, then the answer is Cache-Control: no-store', async () => {
    const account = await registerAccount(app);
    const res = await request(app).get('/auth/me').set('Authorization', `Bearer ${account.access_token}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('when any authenticated route answers (here a 202 naming the address), then it is Cache-Control: no-store', async () => {
    const account = await registerAccount(app);
    const res = await request(app).post('/auth/verify-email/request').set('Authorization', `Bearer ${account.access_token}`);
    assert.equal(res.status, 202);
    assert.ok(String(res.body.message).includes(account.email));
    assert.equal(res.headers['cache-control'], 'no-store');
  });
});
