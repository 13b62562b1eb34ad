import assert from 'node:assert/strict';
import request from 'supertest';
import { hashToken } from '../../../src/auth/single-use-token.js';
import { EmailTokenModel } from '../../../src/features/mail/email-token.model.js';
import { UserModel } from '../../../src/models/user.model.js';
import { TEST_APP_URL } from '../../helpers/app.js';
import { registerAccount, type Account } from '../../helpers/factories.js';
import { mailingSuite, tokenIn } from '../../helpers/mail-server.js';

describe('email verification: POST /auth/verify-email/request and /auth/verify-email', () => {
  const suite = mailingSuite();

  /** Asks for a verification mail as `account` and returns the token of the newest link it received. */
  async function mailedToken(account: Account): Promise<string> {
    const res = await request(suite.app).post('/auth/verify-email/request').set('Authorization', `Bearer ${account.access_token}`);
    assert.equal(res.status, 202, JSON.stringify(res.body));
    return tokenIn(await suite.newestMail(account.email), 'verify-email');
  }

  /** POST /auth/verify-email signed in as `account`. */
  const verify = (token: string, account: Account) =>
    request(suite.app).post('/auth/verify-email').set('Authorization', `Bearer ${account.access_token}`).send({ token });

  it('when a signed-in user asks, then a mail links to APP_URL and its token verifies the email', async () => {
    const account = await registerAccount(suite.app);
    assert.equal((await UserModel.findById(account.user.id).lean())?.emailVerified, false);
    const asked = await request(suite.app).post('/auth/verify-email/request').set('Authorization', `Bearer ${account.access_token}`);
    assert.equal(asked.status, 202);
    assert.equal(asked.body.message, `A verification link is on its way to ${account.email}.`);
    await suite.outbox.drain();
    const [message, ...more] = await suite.server.to(account.email);
    assert.ok(message);
    assert.equal(more.length, 0);
    assert.equal(message.subject, 'Confirm your email address');
    const token = tokenIn(message, 'verify-email');
    assert.ok(message.text.includes(`${TEST_APP_URL}#verify-email=${token}`), message.text);
    const stored = await EmailTokenModel.findOne({ tokenHash: hashToken(token) }).lean();
    assert.equal(stored?.purpose, 'verify-email');
    assert.equal((stored?.expiresAt.getTime() ?? 0) - (stored?.createdAt.getTime() ?? 0), 24 * 60 * 60 * 1000);

    const verified = await verify(token, account);
    assert.equal(verified.status, 200);
    assert.equal(verified.body.id, account.user.id);
    assert.equal(verified.body.email_verified, true);
    const me = await request(suite.app).get('/auth/me').set('Authorization', `Bearer ${account.access_token}`);
    assert.equal(me.body.email_verified, true);
  });

  it('when the token is used a second time, then 400 INVALID_VERIFICATION_TOKEN', async () => {
    const account = await registerAccount(suite.app);
    const token = await mailedToken(account);
    assert.equal((await verify(token, account)).status, 200);
    const again = await verify(token, account);
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'INVALID_VERIFICATION_TOKEN');
  });

  it('when the token has expired, then 400 INVALID_VERIFICATION_TOKEN and the email stays unverified', async () => {
    const account = await registerAccount(suite.app);
    const token = await mailedToken(account);
    await EmailTokenModel.updateOne({ tokenHash: hashToken(token) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await verify(token, account);
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_VERIFICATION_TOKEN');
    assert.equal((await UserModel.findById(account.user.id).lean())?.emailVerified, false);
  });

  it('when a newer link has been mailed, then only the newer token verifies', async () => {
    const account = await registerAccount(suite.app);
    const older = await mailedToken(account);
    const newer = await mailedToken(account);
    assert.equal((await verify(older, account)).status, 400);
    assert.equal((await verify(newer, account)).status, 200);
  });

  it('when the account changed its email after the mail, then the old link does not verify the new address', async () => {
    const account = await registerAccount(suite.app);
    const token = await mailedToken(account);
    await UserModel.updateOne({ _id: account.user.id }, { $set: { email: 'moved@example.com' } });
    const res = await verify(token, account);
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'INVALID_VERIFICATION_TOKEN');
    assert.equal((await UserModel.findById(account.user.id).lean())?.emailVerified, false);
  });

  it('when the email is already verified, then 409 EMAIL_ALREADY_VERIFIED and no mail', async () => {
    const account = await registerAccount(suite.app);
    assert.equal((await verify(await mailedToken(account), account)).status, 200);
    const res = await request(suite.app).post('/auth/verify-email/request').set('Authorization', `Bearer ${account.access_token}`);
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'EMAIL_ALREADY_VERIFIED');
    await suite.outbox.drain();
    assert.equal((await suite.server.to(account.email)).length, 1);
  });

  it('when no access token is sent, then 401 UNAUTHORIZED and no mail', async () => {
    const before = suite.server.count();
    const res = await request(suite.app).post('/auth/verify-email/request');
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'UNAUTHORIZED');
    await suite.outbox.drain();
    assert.equal(suite.server.count(), before);
  });

  it('when the token is unknown or not a string, then 400', async () => {
    const account = await registerAccount(suite.app);
    const unknown = await verify('never-mailed', account);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'INVALID_VERIFICATION_TOKEN');
    const operator = await request(suite.app)
      .post('/auth/verify-email')
      .set('Authorization', `Bearer ${account.access_token}`)
      .send({ token: { $ne: '' } });
    assert.equal(operator.status, 400);
    assert.equal(operator.body.code, 'VALIDATION_FAILED');
  });
});
