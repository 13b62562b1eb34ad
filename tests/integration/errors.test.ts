import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { UserModel } from '../../src/models/user.model.js';
import { buildApp } from '../helpers/app.js';

describe('errors and request bodies', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  it('when the route is unknown, then it answers 404 NOT_FOUND as problem+json', async () => {
    const res = await request(app).get('/nope');
    assert.equal(res.status, 404);
    assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.deepEqual(res.body, {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No route for GET /nope.',
      code: 'NOT_FOUND',
    });
  });

  it('when the method is wrong on a known route, then it answers 405 with Allow', async () => {
    const res = await request(app).delete('/auth/login');
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'POST');
    assert.equal(res.body.code, 'METHOD_NOT_ALLOWED');
  });

  it('when the body is not JSON, then it answers 415 and stores nothing', async () => {
    const res = await request(app).post('/auth/register').type('form').send('email=a@b.co&password=correct+horse+battery');
    assert.equal(res.status, 415);
    assert.equal(res.body.code, 'UNSUPPORTED_MEDIA_TYPE');
    assert.equal(await UserModel.countDocuments(), 0);
  });

  it('when the body is text/plain, then it answers 415', async () => {
    const res = await request(app).post('/auth/login').set('Content-Type', 'text/plain').send('{"email":"a@b.co"}');
    assert.equal(res.status, 415);
  });

  it('when the JSON is malformed, then it answers 400 MALFORMED_JSON without parser details', async () => {
    const res = await request(app).post('/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.co",');
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'MALFORMED_JSON');
    assert.doesNotMatch(res.body.detail, /position|Unexpected/);
  });

  it('when the body is over BODY_LIMIT, then it answers 413 PAYLOAD_TOO_LARGE and stores nothing', async () => {
    const res = await request(app)
      .post('/auth/register')
      .send({ email: 'big@example.com', password: 'correct horse battery', name: 'x'.repeat(11 * 1024) });
    assert.equal(res.status, 413);
    assert.equal(res.body.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(await UserModel.countDocuments(), 0);
  });

  it('when the JSON body is an array, then it answers 400 VALIDATION_FAILED', async () => {
    const res = await request(app)
      .post('/auth/login')
      .send([{ email: 'a@b.co', password: 'x' }]);
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'VALIDATION_FAILED');
  });

  it('when any response is sent, then helmet security headers are present', async () => {
    const res = await request(app).get('/health');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-powered-by'], undefined);
    assert.match(res.headers['content-security-policy'] ?? '', /default-src 'self'/);
    assert.doesNotMatch(res.headers['content-security-policy'] ?? '', /unsafe-inline/);
    assert.equal(res.headers['strict-transport-security'], undefined, 'HSTS only in production');
  });
});
