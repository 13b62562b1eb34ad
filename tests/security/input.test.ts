import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import mongoose from 'mongoose';
import request from 'supertest';
import { UserModel } from '../../src/models/user.model.js';
import { buildApp } from '../helpers/app.js';
import { registerAccount, uniqueEmail, type Account } from '../helpers/factories.js';

const OPERATORS: Record<string, unknown>[] = [{ $ne: '' }, { $gt: '' }, { $regex: '.*' }, { $where: 'return true' }];
const FAST_MS = 2000;

/** Sends a request and checks it was answered with a 4xx quickly. */
async function answeredFast(pending: request.Test, status: number, code?: string): Promise<request.Response> {
  const started = Date.now();
  const res = await pending;
  assert.equal(res.status, status, JSON.stringify(res.body));
  if (code) assert.equal(res.body.code, code);
  assert.ok(Date.now() - started < FAST_MS, `answered in ${Date.now() - started} ms`);
  return res;
}

describe('security: hostile input', () => {
  let app: RequestListener;
  let account: Account;
  before(() => {
    app = buildApp();
  });
  beforeEach(async () => {
    account = await registerAccount(app);
  });
  afterEach(async () => {
    await request(app).get('/health').expect(200);
  });

  const bodies: [string, string, (a: Account) => Record<string, unknown>, boolean][] = [
    ['/auth/register', 'email', () => ({ email: uniqueEmail(), password: 'a long enough passphrase', name: 'Ada' }), false],
    ['/auth/register', 'password', () => ({ email: uniqueEmail(), password: 'a long enough passphrase', name: 'Ada' }), false],
    ['/auth/register', 'name', () => ({ email: uniqueEmail(), password: 'a long enough passphrase', name: 'Ada' }), false],
    ['/auth/login', 'email', (a) => ({ email: a.email, password: a.password }), false],
    ['/auth/login', 'password', (a) => ({ email: a.email, password: a.password }), false],
    ['/auth/refresh', 'refresh_token', (a) => ({ refresh_token: a.refresh_token }), false],
    ['/auth/logout', 'refresh_token', (a) => ({ refresh_token: a.refresh_token }), false],
    ['/auth/password', 'current_password', (a) => ({ current_password: a.password, new_password: 'a brand new passphrase' }), true],
    ['/auth/password', 'new_password', (a) => ({ current_password: a.password, new_password: 'a brand new passphrase' }), true],
  ];
  for (const [path, field, valid, auth] of bodies) {
    it(`when ${path} gets an operator object ($ne, $gt, $regex, $where) in ${field}, then it answers 400 and changes nothing`, async () => {
      for (const operator of OPERATORS) {
        const pending = request(app)
          .post(path)
          .send({ ...valid(account), [field]: operator });
        if (auth) pending.set('Authorization', `Bearer ${account.access_token}`);
        const res = await answeredFast(pending, 400, 'VALIDATION_FAILED');
        assert.ok(
          res.body.errors.some((error: { path: string }) => error.path === field),
          JSON.stringify(res.body.errors),
        );
      }
      assert.equal(await UserModel.countDocuments(), 1);
      await request(app).post('/auth/login').send({ email: account.email, password: account.password }).expect(200);
    });
  }

  const pollutions: [string, string][] = [
    ['__proto__ at the top', '{"email":"EMAIL","password":"a long enough passphrase","__proto__":{"polluted":"yes","role":"admin"}}'],
    ['constructor.prototype', '{"email":"EMAIL","password":"a long enough passphrase","constructor":{"prototype":{"polluted":"yes"}}}'],
    ['__proto__ inside a field', '{"email":{"__proto__":{"polluted":"yes"}},"password":"a long enough passphrase"}'],
    ['__proto__ deep in an array', '{"email":"EMAIL","password":"a long enough passphrase","x":[{"y":{"__proto__":{"polluted":"yes"}}}]}'],
  ];
  for (const [what, raw] of pollutions) {
    it(`when the body carries ${what}, then it answers 400 and a clean request that follows shows no pollution`, async () => {
      for (const path of ['/auth/register', '/auth/login']) {
        const body = raw.replace('EMAIL', uniqueEmail());
        await answeredFast(request(app).post(path).set('Content-Type', 'application/json').send(body), 400, 'VALIDATION_FAILED');
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
      const clean = await request(app)
        .post('/auth/register')
        .send({ email: uniqueEmail(), password: 'a long enough passphrase' })
        .expect(201);
      assert.deepEqual(Object.keys(clean.body.user).sort(), ['created_at', 'email', 'email_verified', 'id', 'name', 'providers']);
      assert.equal(clean.body.user.polluted, undefined);
      const stored = await UserModel.findById(clean.body.user.id).lean();
      assert.equal((stored as Record<string, unknown> | null)?.polluted, undefined);
    });
  }

  it('when an operator object reaches a query anyway, then sanitizeFilter neutralises it (and strictQuery is on)', async () => {
    assert.equal(mongoose.get('sanitizeFilter'), true);
    assert.equal(mongoose.get('strictQuery'), true);
    const hostile = { email: { $ne: '' } } as unknown as { email: string };
    // Wrapped in $eq, the "operator" is a plain value again: one that is not even a string.
    await assert.rejects(UserModel.findOne(hostile).lean(), { name: 'CastError' });
    assert.equal(await UserModel.countDocuments({ email: account.email }), 1);
  });

  it('when the body is 5 MB, then it answers 413 PAYLOAD_TOO_LARGE fast', async () => {
    const huge = JSON.stringify({ email: uniqueEmail(), password: 'x'.repeat(5 * 1024 * 1024) });
    await answeredFast(request(app).post('/auth/login').set('Content-Type', 'application/json').send(huge), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('when the body is JSON nested 100,000 deep, then it answers 413 at the default limit and 400 under a 1 MB limit', async () => {
    const depth = 100_000;
    const arrays = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const objects = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    await answeredFast(request(app).post('/auth/login').set('Content-Type', 'application/json').send(arrays), 413);
    const roomy = buildApp({ BODY_LIMIT: '1mb' });
    for (const body of [arrays, objects]) {
      await answeredFast(request(roomy).post('/auth/login').set('Content-Type', 'application/json').send(body), 400);
    }
    await request(roomy).get('/health').expect(200);
  });

  it('when the body is form-encoded, then it answers 415 and signs nobody in', async () => {
    const form = `email=${encodeURIComponent(account.email)}&password=${encodeURIComponent(account.password)}`;
    await answeredFast(request(app).post('/auth/login').type('form').send(form), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('when the body is text/plain JSON (the CSRF-friendly type), then it answers 415', async () => {
    const text = JSON.stringify({ email: account.email, password: account.password });
    await answeredFast(request(app).post('/auth/login').set('Content-Type', 'text/plain').send(text), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('when JSON arrives in UTF-16 (a body a UTF-8 filter or WAF reads differently), then it answers 415 and registers nobody', async () => {
    const email = uniqueEmail('utf16');
    const body = Buffer.from(JSON.stringify({ email, password: 'a long enough passphrase' }), 'utf16le');
    for (const charset of ['utf-16', 'UTF-16LE', '"utf-16"']) {
      const pending = request(app)
        .post('/auth/register')
        .set('Content-Type', `application/json; charset=${charset}`)
        // The bytes as they are: superagent would serialise a Buffer to JSON.
        .serialize(() => body as unknown as string)
        .send(body);
      await answeredFast(pending, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    assert.equal(await UserModel.countDocuments({ email }), 0);
    const utf8 = { email, password: 'a long enough passphrase' };
    await request(app).post('/auth/register').set('Content-Type', 'application/json; charset=UTF-8').send(JSON.stringify(utf8)).expect(201);
  });

  it('when the JSON is malformed, then it answers 400 MALFORMED_JSON', async () => {
    await answeredFast(request(app).post('/auth/login').set('Content-Type', 'application/json').send('{"email": '), 400, 'MALFORMED_JSON');
  });
});
