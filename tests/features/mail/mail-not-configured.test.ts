import assert from 'node:assert/strict';
import request from 'supertest';
import { buildApp } from '../../helpers/app.js';

describe('mail routes in production without SMTP_URL', () => {
  const app = buildApp({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:27017/unused', TRUST_PROXY: '1', LOG_LEVEL: 'silent' });

  for (const [path, body] of [
    ['/auth/verify-email/request', undefined],
    ['/auth/verify-email', { token: 'anything' }],
    ['/auth/password/forgot', { email: 'ada@example.com' }],
    ['/auth/password/reset', { token: 'anything', new_password: 'a long enough passphrase' }],
  ] as const) {
    it(`when POST ${path} is called, then it answers 503 MAIL_NOT_CONFIGURED`, async () => {
      const res = await request(app).post(path).set('X-Forwarded-Proto', 'https').send(body);
      assert.equal(res.status, 503);
      assert.equal(res.body.code, 'MAIL_NOT_CONFIGURED');
      assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
    });
  }
});
