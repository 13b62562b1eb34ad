import assert from 'node:assert/strict';
import request from 'supertest';
import { UserModel } from '../../src/models/user.model.js';
import { appSuite } from '../helpers/app.js';
import { registerAccount, uniqueEmail, USER_KEYS } from '../helpers/factories.js';

appSuite('POST /auth/register', (app) => {
  it('when the input is valid, then it answers 201 with tokens and the user, and stores a bcrypt hash', async () => {
    const res = await request(app)
      .post('/auth/register')
      .send({ email: '  Ada@Example.COM ', password: 'correct horse battery', name: 'Ada' });
    assert.equal(res.status, 201);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 900);
    assert.match(res.body.refresh_token, /^[\w-]{43,}$/);
    assert.deepEqual(Object.keys(res.body.user).sort(), USER_KEYS);
    assert.equal(res.body.user.email, 'ada@example.com');
    assert.deepEqual(res.body.user.providers, ['password']);
    assert.equal(res.body.user.email_verified, false);
    const stored = await UserModel.findOne({ email: 'ada@example.com' }).select('+passwordHash').lean();
    assert.ok(stored);
    assert.match(stored.passwordHash ?? '', /^\$2[aby]\$04\$/);
  });

  it('when name is omitted, then the user has a null name', async () => {
    const res = await request(app).post('/auth/register').send({ email: uniqueEmail(), password: 'correct horse battery' });
    assert.equal(res.status, 201);
    assert.equal(res.body.user.name, null);
  });

  it('when the email is taken in another case, then it answers 409 EMAIL_TAKEN and keeps the first account', async () => {
    const first = await registerAccount(app, { email: 'grace@example.com' });
    const res = await request(app).post('/auth/register').send({ email: 'GRACE@example.com', password: 'another passphrase' });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'EMAIL_TAKEN');
    const users = await UserModel.find({ email: 'grace@example.com' }).lean();
    assert.equal(users.length, 1);
    assert.equal(users[0]?._id.toHexString(), first.user.id);
  });

  it('when 10 registrations of one email race, then exactly one is 201, nine are 409 and one user is stored', async () => {
    const email = uniqueEmail('race');
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => request(app).post('/auth/register').send({ email, password: 'correct horse battery' })),
    );
    const statuses = responses.map((res) => res.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    assert.equal(await UserModel.countDocuments({ email }), 1);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['an invalid email', { email: 'not-an-email', password: 'correct horse battery' }, 'email'],
    ['a password under 8 characters', { password: 'short' }, 'password'],
    ['a name over 100 characters', { name: 'n'.repeat(101) }, 'name'],
    ['a number for name', { name: 42 }, 'name'],
    ['an unknown field', { nickname: 'ada' }, 'nickname'],
    ['the server-owned field role', { role: 'admin' }, 'role'],
    ['the server-owned field email_verified', { email_verified: true }, 'email_verified'],
    ['the server-owned field _id', { _id: '5f0000000000000000000000' }, '_id'],
    ['the server-owned field token_version', { token_version: 99 }, 'token_version'],
  ];
  for (const [what, fields, path] of invalid) {
    it(`when the body has ${what}, then it answers 400 VALIDATION_FAILED naming ${path} and stores nothing`, async () => {
      const res = await request(app)
        .post('/auth/register')
        .send({ email: uniqueEmail(), password: 'correct horse battery', ...fields });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.errors.some((error: { path: string }) => error.path === path),
        JSON.stringify(res.body.errors),
      );
      assert.equal(await UserModel.countDocuments(), 0);
    });
  }

  it('when the body is missing, then it answers 400 VALIDATION_FAILED', async () => {
    const res = await request(app).post('/auth/register');
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'VALIDATION_FAILED');
  });
});
