import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { appSuite, buildApp } from '../helpers/app.js';
import { registerAccount, uniqueEmail } from '../helpers/factories.js';
import { median, timed } from '../helpers/timing.js';

const TRIES = 30;

function timedLogin(app: RequestListener, email: string, password: string): Promise<number> {
  return timed(async () => {
    const res = await request(app).post('/auth/login').send({ email, password });
    assert.equal(res.status, 401);
  });
}

appSuite('security: credentials', (app) => {
  it('when the email is unknown or the password wrong, then the 401 status, headers and body are the same', async () => {
    const account = await registerAccount(app);
    const wrong = await request(app).post('/auth/login').send({ email: account.email, password: 'not the passphrase' });
    const unknown = await request(app)
      .post('/auth/login')
      .send({ email: uniqueEmail('ghost'), password: 'not the passphrase' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(unknown.body, wrong.body);
    assert.equal(unknown.headers['content-type'], wrong.headers['content-type']);
    assert.equal(unknown.headers['www-authenticate'], wrong.headers['www-authenticate']);
  });

  it(`when ${TRIES} unknown-email and ${TRIES} wrong-password logins are timed, then their medians are within 25%`, async function () {
    this.timeout(60_000);
    // Cost 8: bcrypt dominates the request, as it does at the production cost of 12.
    const slowApp = buildApp({ BCRYPT_ROUNDS: '8' });
    const account = await registerAccount(slowApp);
    await timedLogin(slowApp, uniqueEmail('warm-up'), 'not the passphrase');
    await timedLogin(slowApp, account.email, 'not the passphrase');
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < TRIES; i += 1) {
      unknown.push(await timedLogin(slowApp, uniqueEmail('ghost'), 'not the passphrase'));
      wrong.push(await timedLogin(slowApp, account.email, 'not the passphrase'));
    }
    const [a, b] = [median(unknown), median(wrong)];
    const ratio = Math.max(a, b) / Math.min(a, b);
    assert.ok(ratio <= 1.25, `median unknown ${a.toFixed(1)} ms, wrong password ${b.toFixed(1)} ms (ratio ${ratio.toFixed(2)})`);
  });

  it('when an ASCII password is 72 bytes, then the same password plus one byte is refused, not truncated into a match', async () => {
    const password = `${'ascii-72-'.repeat(8)}`;
    assert.equal(Buffer.byteLength(password), 72);
    const account = await registerAccount(app, { password });
    const longer = await request(app)
      .post('/auth/login')
      .send({ email: account.email, password: `${password}!` });
    assert.equal(longer.status, 400);
    const register = await request(app)
      .post('/auth/register')
      .send({ email: uniqueEmail(), password: `${password}!` });
    assert.equal(register.status, 400);
    const lastByteDiffers = await request(app)
      .post('/auth/login')
      .send({ email: account.email, password: `${password.slice(0, 71)}?` });
    assert.equal(lastByteDiffers.status, 401);
  });

  it('when an emoji password is 72 bytes, then one more emoji is refused and an emoji differing inside the limit fails', async () => {
    const password = '😀'.repeat(18);
    assert.equal(Buffer.byteLength(password), 72);
    const account = await registerAccount(app, { password });
    const longer = await request(app)
      .post('/auth/login')
      .send({ email: account.email, password: `${password}😃` });
    assert.equal(longer.status, 400);
    const lastDiffers = await request(app)
      .post('/auth/login')
      .send({ email: account.email, password: `${'😀'.repeat(17)}😃` });
    assert.equal(lastDiffers.status, 401);
    // 70 ASCII bytes + a 4-byte emoji: bcrypt would cut the emoji in half; the API refuses instead.
    const split = await request(app)
      .post('/auth/register')
      .send({ email: uniqueEmail(), password: `${'x'.repeat(70)}😀` });
    assert.equal(split.status, 400);
  });

  for (const common of ['password1', 'iloveyou', 'qwertyuiop', 'Password1', 'BASEBALL1']) {
    it(`when the new password is the common "${common}", then register answers 400 naming the rule`, async () => {
      const res = await request(app).post('/auth/register').send({ email: uniqueEmail(), password: common });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assert.deepEqual(res.body.errors, [{ path: 'password', message: 'is one of the 10,000 most common passwords' }]);
    });
  }

  it('when a password change picks a common password, then it answers 400 and the old password still works', async () => {
    const account = await registerAccount(app);
    const res = await request(app)
      .post('/auth/password')
      .set('Authorization', `Bearer ${account.access_token}`)
      .send({ current_password: account.password, new_password: 'trustno1' });
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].path, 'new_password');
    const login = await request(app).post('/auth/login').send({ email: account.email, password: account.password });
    assert.equal(login.status, 200);
  });
});
