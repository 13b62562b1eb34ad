import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { createApp } from '../../../src/app.js';
import { createLogger } from '../../../src/logging/logger.js';
// feature:mfa
import { RecoveryCodeModel } from '../../../src/features/mfa/recovery-code.model.js';
// /feature:mfa
import { UserModel } from '../../../src/models/user.model.js';
import { FEATURES, buildApp, testConfig } from '../../helpers/app.js';
import { insertUsers, registerAccount, registerAdmin, type Account } from '../../helpers/factories.js';
// feature:mfa
import { enableMfa } from '../../helpers/mfa.js';
// /feature:mfa
import { guardResponses } from '../../helpers/response-guard.js';

function asAdmin(app: RequestListener, admin: Account) {
  const auth = (req: request.Test) => req.set('Authorization', `Bearer ${admin.access_token}`);
  return {
    list: (query: string) => auth(request(app).get(`/admin/users${query}`)),
    get: (id: string) => auth(request(app).get(`/admin/users/${id}`)),
    patch: (id: string, body: object) => auth(request(app).patch(`/admin/users/${id}`)).send(body),
    delete: (id: string) => auth(request(app).delete(`/admin/users/${id}`)),
  };
}

describe('the admin user API', () => {
  let app: RequestListener;
  let admin: Account;
  let api: ReturnType<typeof asAdmin>;
  before(() => {
    app = buildApp();
  });
  beforeEach(async () => {
    admin = await registerAdmin(app, { name: 'Root' });
    api = asAdmin(app, admin);
  });

  describe('GET /admin/users', () => {
    it('when 250 users are paged by 100 while new users are inserted between pages, then each appears exactly once, newest first', async function () {
      this.timeout(60_000);
      const existing = [...(await insertUsers(249)), admin.user.id].sort().reverse();
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await api.list(`?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        seen.push(...res.body.items.map((user: { id: string }) => user.id));
        cursor = res.body.next_cursor;
        pages += 1;
        await insertUsers(3, 'newcomer');
      } while (cursor);
      assert.equal(pages, 3);
      // The newcomers are newer than every cursor: they belong before page one, so no later page shifts.
      assert.deepEqual(seen, existing);
    });

    it('when no limit is given, then a page holds 20 AdminUser objects', async () => {
      await insertUsers(25);
      const res = await api.list('');
      assert.equal(res.status, 200);
      assert.equal(res.body.items.length, 20);
      assert.deepEqual(Object.keys(res.body.items[0]).sort(), [
        'created_at',
        'disabled',
        'email',
        'email_verified',
        'id',
        'last_login_at',
        'mfa_enabled',
        'name',
        'providers',
        'role',
      ]);
      assert.equal(typeof res.body.next_cursor, 'string');
    });

    it('when filtered by an email prefix in any case, then only the users whose email starts with it are listed', async () => {
      await registerAccount(app, { email: 'grace.hopper@example.com' });
      await registerAccount(app, { email: 'grace@example.org' });
      await registerAccount(app, { email: 'ada@grace.example' });
      const res = await api.list('?email=GRACE');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.items.map((user: { email: string }) => user.email).sort(), [
        'grace.hopper@example.com',
        'grace@example.org',
      ]);
    });

    it('when filtered by role and by disabled, then only matching users are listed', async () => {
      const user = await registerAccount(app);
      await api.patch(user.user.id, { disabled: true }).expect(200);
      const admins = await api.list('?role=admin');
      assert.deepEqual(
        admins.body.items.map((u: { id: string }) => u.id),
        [admin.user.id],
      );
      const disabled = await api.list('?disabled=true');
      assert.deepEqual(
        disabled.body.items.map((u: { id: string }) => u.id),
        [user.user.id],
      );
      const enabledUsers = await api.list('?role=user&disabled=false');
      assert.deepEqual(enabledUsers.body.items, []);
    });
  });

  describe('GET /admin/users/:id', () => {
    it('when the user exists, then 200 with the AdminUser, last_login_at set by the last sign-in', async () => {
      const user = await registerAccount(app);
      const res = await api.get(user.user.id);
      assert.equal(res.status, 200);
      assert.equal(res.body.email, user.email);
      assert.equal(res.body.disabled, false);
      assert.ok(Date.parse(res.body.last_login_at) > Date.now() - 60_000);
    });

    for (const id of ['0123456789abcdef01234567', 'not-an-id', '0123456789ABCDEF01234567', '%24ne']) {
      it(`when the id is ${id}, then 404 NOT_FOUND`, async () => {
        const res = await api.get(id);
        assert.equal(res.status, 404);
        assert.equal(res.body.code, 'NOT_FOUND');
      });
    }
  });

  describe('PATCH /admin/users/:id', () => {
    it('when name, role and disabled change, then 200 with the new values, stored', async () => {
      const user = await registerAccount(app);
      const res = await api.patch(user.user.id, { name: 'Grace', role: 'admin', disabled: false });
      assert.equal(res.status, 200);
      assert.equal(res.body.name, 'Grace');
      assert.equal(res.body.role, 'admin');
      const stored = await UserModel.findById(user.user.id).lean();
      assert.equal(stored?.role, 'admin');
    });

    // feature:mfa
    it('when mfa_enabled is set to false for a user who lost their authenticator, then 200, the password alone signs in, and the secret and recovery codes are gone', async () => {
      const user = await enableMfa(app, await registerAccount(app));
      const res = await api.patch(user.user.id, { mfa_enabled: false });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.mfa_enabled, false);
      await request(app).post('/auth/login').send({ email: user.email, password: user.password }).expect(200);
      const stored = await UserModel.findById(user.user.id).select('+totpSecret').lean();
      assert.equal(stored?.totpSecret, undefined);
      assert.equal(await RecoveryCodeModel.countDocuments({ user: user.user.id }), 0);
    });
    // /feature:mfa

    it('when a user is disabled, then their access token, refresh token and password stop working at once (403 ACCOUNT_DISABLED on login)', async () => {
      const user = await registerAccount(app);
      await api.patch(user.user.id, { disabled: true }).expect(200);
      await request(app).get('/auth/me').set('Authorization', `Bearer ${user.access_token}`).expect(401);
      await request(app).post('/auth/refresh').send({ refresh_token: user.refresh_token }).expect(401);
      const login = await request(app).post('/auth/login').send({ email: user.email, password: user.password });
      assert.equal(login.status, 403);
      assert.equal(login.body.code, 'ACCOUNT_DISABLED');
      const wrong = await request(app).post('/auth/login').send({ email: user.email, password: 'not the password' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.code, 'INVALID_CREDENTIALS');
    });

    it('when an account is disabled in the database with nothing revoked, then its access and refresh tokens are still refused', async () => {
      const user = await registerAccount(app);
      await UserModel.updateOne({ _id: user.user.id }, { $set: { disabled: true } });
      await request(app).get('/auth/me').set('Authorization', `Bearer ${user.access_token}`).expect(401);
      await request(app).post('/auth/refresh').send({ refresh_token: user.refresh_token }).expect(401);
    });

    it('when a disabled user is enabled again, then they can sign in', async () => {
      const user = await registerAccount(app);
      await api.patch(user.user.id, { disabled: true }).expect(200);
      await api.patch(user.user.id, { disabled: false }).expect(200);
      await request(app).post('/auth/login').send({ email: user.email, password: user.password }).expect(200);
    });

    for (const change of [{ role: 'user' }, { disabled: true }]) {
      it(`when the last enabled admin would be changed by ${JSON.stringify(change)}, then 409 LAST_ADMIN and nothing changes`, async () => {
        const res = await api.patch(admin.user.id, { ...change, name: 'Changed' });
        assert.equal(res.status, 409);
        assert.equal(res.body.code, 'LAST_ADMIN');
        const stored = await UserModel.findById(admin.user.id).lean();
        assert.deepEqual([stored?.role, stored?.disabled, stored?.name], ['admin', false, 'Root']);
        await request(app).get('/admin/users').set('Authorization', `Bearer ${admin.access_token}`).expect(200);
      });
    }

    it('when two admins demote each other at once, then at least one enabled admin remains', async () => {
      const other = await registerAdmin(app);
      const otherApi = asAdmin(app, other);
      await Promise.all([api.patch(other.user.id, { role: 'user' }), otherApi.patch(admin.user.id, { role: 'user' })]);
      assert.ok((await UserModel.countDocuments({ role: 'admin', disabled: false })) >= 1);
    });

    for (const body of [
      {},
      { role: 'root' },
      { disabled: 'yes' },
      { email: 'x@example.com' },
      { email_verified: true },
      { googleId: 'g' },
      { mfa_enabled: true },
    ]) {
      it(`when the body is ${JSON.stringify(body)}, then 400 VALIDATION_FAILED`, async () => {
        const user = await registerAccount(app);
        const res = await api.patch(user.user.id, body);
        assert.equal(res.status, 400);
        assert.equal(res.body.code, 'VALIDATION_FAILED');
      });
    }
  });

  describe('DELETE /admin/users/:id', () => {
    it('when a user is deleted, then 204, and a second delete is 404', async () => {
      const user = await registerAccount(app);
      await api.delete(user.user.id).expect(204);
      assert.equal(await UserModel.exists({ _id: user.user.id }), null);
      const again = await api.delete(user.user.id);
      assert.equal(again.status, 404);
    });

    it('when the last enabled admin deletes themself, then 409 LAST_ADMIN and they are still an enabled admin', async () => {
      const res = await api.delete(admin.user.id);
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'LAST_ADMIN');
      const stored = await UserModel.findById(admin.user.id).lean();
      assert.deepEqual([stored?.role, stored?.disabled], ['admin', false]);
    });

    it('when another admin remains, then an admin can be deleted', async () => {
      const other = await registerAdmin(app);
      await api.delete(other.user.id).expect(204);
    });
  });

  describe('audit log', () => {
    it('when an admin changes and deletes users, then one line per action names the actor, action, target and result, and holds no secret', async () => {
      const lines: string[] = [];
      const config = testConfig({ LOG_LEVEL: 'info' });
      const logged = guardResponses(
        createApp({ config, logger: createLogger(config, { write: (line: string) => void lines.push(line) }), features: FEATURES }),
      );
      const loggedApi = asAdmin(logged, admin);
      const user = await registerAccount(app);
      await loggedApi.patch(user.user.id, { role: 'admin' }).expect(200);
      await loggedApi.patch(admin.user.id, { disabled: true }).expect(200);
      await asAdmin(logged, user).patch(user.user.id, { disabled: true }).expect(409);
      await asAdmin(logged, user).delete(admin.user.id).expect(204);
      const audits = lines
        .map((line) => JSON.parse(line) as { audit?: object })
        .filter((entry) => entry.audit)
        .map((entry) => entry.audit);
      assert.deepEqual(audits, [
        { actor: admin.user.id, action: 'users.update', target: user.user.id, changes: { role: 'admin' }, result: 'ok' },
        { actor: admin.user.id, action: 'users.update', target: admin.user.id, changes: { disabled: true }, result: 'ok' },
        { actor: user.user.id, action: 'users.update', target: user.user.id, changes: { disabled: true }, result: 'LAST_ADMIN' },
        { actor: user.user.id, action: 'users.delete', target: admin.user.id, result: 'ok' },
      ]);
      for (const secret of [admin.access_token, admin.password, user.access_token]) assert.ok(!lines.join('\n').includes(secret));
    });
  });
});
