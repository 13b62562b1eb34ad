import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import mongoose from 'mongoose';
import request from 'supertest';
import { UserModel } from '../../src/models/user.model.js';
// feature:mail
import { issueEmailToken } from '../../src/features/mail/email-token.service.js';
// /feature:mail
// feature:google
import { createOAuthCode } from '../../src/sign-in/sign-in-code.service.js';
// /feature:google
import { buildApp } from '../helpers/app.js';
import { loginAccount, registerAccount, registerAdmin, type Account } from '../helpers/factories.js';
// feature:mfa
import { enableMfa, passwordStep } from '../helpers/mfa.js';
// /feature:mfa
// feature:passkeys
import { addPasskey, registrationOptions } from '../helpers/passkeys.js';
// /feature:passkeys
import { forgeAccessToken } from '../helpers/tokens.js';

/** Every stored document, in every collection of every model, that mentions `id` or `email` anywhere. */
async function documentsOf(id: string, email: string): Promise<string[]> {
  const found: string[] = [];
  for (const model of Object.values(mongoose.models)) {
    for (const doc of await model.collection.find({}).toArray()) {
      const text = JSON.stringify(doc);
      if (text.includes(id) || text.includes(email)) found.push(`${model.collection.collectionName}: ${text}`);
    }
  }
  return found;
}

/** An account with two sessions and, from each installed feature, what it stores of a user (codes, mailed tokens, second factors, challenges). */
async function accountWithData(app: RequestListener): Promise<{ account: Account; other: Account }> {
  const account = await registerAccount(app);
  const other = await loginAccount(app, account.email, account.password);
  const user = { _id: new mongoose.Types.ObjectId(account.user.id), email: account.email };
  // The user and two refresh tokens; each feature adds what it stores.
  let stored = 3;
  // feature:google
  await createOAuthCode(user._id);
  stored += 1;
  // /feature:google
  // feature:mail
  await issueEmailToken(user, 'verify-email');
  await issueEmailToken(user, 'reset-password');
  await issueEmailToken(user, 'change-email', 'elsewhere@example.com');
  stored += 3;
  // /feature:mail
  // feature:passkeys
  await addPasskey(app, account);
  await registrationOptions(app, account);
  stored += 2;
  // /feature:passkeys
  // feature:mfa
  await enableMfa(app, account);
  await passwordStep(app, account);
  stored += 11;
  // /feature:mfa
  // feature:notes
  await request(app).post('/notes').set('Authorization', `Bearer ${account.access_token}`).send({ title: 'Private' }).expect(201);
  stored += 1;
  // /feature:notes
  assert.ok((await documentsOf(account.user.id, account.email)).length >= stored, `at least ${stored} documents`);
  return { account, other };
}

async function assertGone(app: RequestListener, { account, other }: { account: Account; other: Account }): Promise<void> {
  for (const session of [account, other]) {
    await request(app).get('/auth/me').set('Authorization', `Bearer ${session.access_token}`).expect(401);
    await request(app).post('/auth/refresh').send({ refresh_token: session.refresh_token }).expect(401);
  }
  await request(app).post('/auth/login').send({ email: account.email, password: account.password }).expect(401);
  assert.deepEqual(await documentsOf(account.user.id, account.email), []);
  await registerAccount(app, { email: account.email });
}

describe('account deletion', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  describe('DELETE /auth/me', () => {
    it('when the password is right, then 204; its tokens fail, login fails, the email registers again, and no document of it remains', async () => {
      const data = await accountWithData(app);
      await request(app)
        .delete('/auth/me')
        .set('Authorization', `Bearer ${data.account.access_token}`)
        .send({ current_password: data.account.password })
        .expect(204);
      await assertGone(app, data);
    });

    for (const body of [{ current_password: 'not the password' }, {}]) {
      it(`when a password account sends ${JSON.stringify(body)}, then 401 INVALID_CREDENTIALS and it stays`, async () => {
        const account = await registerAccount(app);
        const res = await request(app).delete('/auth/me').set('Authorization', `Bearer ${account.access_token}`).send(body);
        assert.equal(res.status, 401);
        assert.equal(res.body.code, 'INVALID_CREDENTIALS');
        assert.ok(await UserModel.exists({ _id: account.user.id }));
      });
    }

    describe('an account without a password', () => {
      let id: string;
      // A live session for the tokens forged below (the user is stored directly, not signed in).
      const sid = '5d0c2a8e-3b1f-4e6a-9c27-1f8e4d6b2a90';
      beforeEach(async () => {
        const user = await UserModel.create({
          email: 'google-only@example.com',
          googleId: 'g-123',
          emailVerified: true,
          sessions: { [sid]: new Date() },
        });
        id = user._id.toHexString();
      });

      it('when its auth_time is 6 minutes old, then 401 REAUTHENTICATION_REQUIRED and it stays', async () => {
        const signedIn = Math.floor(Date.now() / 1000) - 6 * 60;
        const token = forgeAccessToken(id, { sid, claims: { iat: signedIn, auth_time: signedIn } });
        const res = await request(app).delete('/auth/me').set('Authorization', `Bearer ${token}`);
        assert.equal(res.status, 401);
        assert.equal(res.body.code, 'REAUTHENTICATION_REQUIRED');
        assert.ok(await UserModel.exists({ _id: id }));
      });

      it('when its auth_time is 4 minutes old, then 204 and it is gone', async () => {
        const signedIn = Math.floor(Date.now() / 1000) - 4 * 60;
        const token = forgeAccessToken(id, { sid, claims: { iat: signedIn, auth_time: signedIn } });
        await request(app).delete('/auth/me').set('Authorization', `Bearer ${token}`).expect(204);
        assert.equal(await UserModel.exists({ _id: id }), null);
      });
    });

    it('when the last enabled admin deletes their account, then 409 LAST_ADMIN', async () => {
      const admin = await registerAdmin(app);
      const res = await request(app)
        .delete('/auth/me')
        .set('Authorization', `Bearer ${admin.access_token}`)
        .send({ current_password: admin.password });
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'LAST_ADMIN');
      await request(app).get('/auth/me').set('Authorization', `Bearer ${admin.access_token}`).expect(200);
    });
  });

  // feature:admin
  describe('DELETE /admin/users/:id', () => {
    it('when an admin deletes a user, then its tokens fail, login fails, the email registers again, and no document of it remains', async () => {
      const admin = await registerAdmin(app);
      const data = await accountWithData(app);
      await request(app).delete(`/admin/users/${data.account.user.id}`).set('Authorization', `Bearer ${admin.access_token}`).expect(204);
      await assertGone(app, data);
    });
  });
  // /feature:admin
});

describe('PATCH /auth/me', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  it('when the name changes, then 200 with the new name, stored; null clears it', async () => {
    const account = await registerAccount(app, { name: 'Ada' });
    const res = await request(app).patch('/auth/me').set('Authorization', `Bearer ${account.access_token}`).send({ name: '  Grace ' });
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'Grace');
    assert.equal((await UserModel.findById(account.user.id).lean())?.name, 'Grace');
    const cleared = await request(app).patch('/auth/me').set('Authorization', `Bearer ${account.access_token}`).send({ name: null });
    assert.equal(cleared.body.name, null);
  });

  for (const field of [
    { role: 'admin' },
    { disabled: false },
    { email_verified: true },
    { email: 'x@example.com' },
    { googleId: 'g' },
    { mfa_enabled: false },
  ]) {
    it(`when the body carries ${JSON.stringify(field)}, then 400 and nothing changes`, async () => {
      const account = await registerAccount(app, { name: 'Ada' });
      const res = await request(app)
        .patch('/auth/me')
        .set('Authorization', `Bearer ${account.access_token}`)
        .send({ name: 'Mallory', ...field });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      const stored = await UserModel.findById(account.user.id).lean();
      assert.deepEqual([stored?.name, stored?.role, stored?.emailVerified], ['Ada', 'user', false]);
    });
  }
});
