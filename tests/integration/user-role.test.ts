import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { UserModel } from '../../src/models/user.model.js';
import { buildApp } from '../helpers/app.js';
import { registerAccount, registerAdmin } from '../helpers/factories.js';
import { userRole } from '../helpers/user-role.js';

describe('npm run user:role', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  it('when an account is promoted, then it prints the result, logs an audit line, and the account is an admin at once', async function () {
    this.timeout(30_000);
    const account = await registerAccount(app);
    const { stdout, stderr } = await userRole(account.email.toUpperCase(), 'admin');
    assert.equal(stdout, `${account.email} is now admin (id ${account.user.id})\n`);
    const audit = JSON.parse(stderr.trim().split('\n').at(-1) ?? '{}') as { audit?: object };
    assert.deepEqual(audit.audit, {
      actor: 'cli',
      action: 'users.set-role',
      target: account.email,
      changes: { role: 'admin' },
      result: 'ok',
    });
    const me = await request(app).get('/auth/me').set('Authorization', `Bearer ${account.access_token}`).expect(200);
    assert.equal(me.body.role, 'admin');
  });

  it('when the email is unknown, then it exits 1 with one line and changes nothing', async function () {
    this.timeout(30_000);
    await assert.rejects(userRole('nobody@example.com', 'admin'), (error: { code?: number; stdout?: string; stderr?: string }) => {
      assert.equal(error.code, 1);
      assert.equal(error.stdout, '');
      assert.equal(error.stderr, 'No account has the email nobody@example.com.\n');
      return true;
    });
  });

  it('when the role or the arguments are wrong, then it prints the usage and exits 1', async function () {
    this.timeout(30_000);
    const account = await registerAccount(app);
    for (const args of [[account.email, 'root'], [account.email]]) {
      await assert.rejects(userRole(...args), (error: { code?: number; stderr?: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stderr ?? '', /^usage: npm run user:role -- <email> <user\|admin>$/m);
        return true;
      });
    }
    assert.equal((await UserModel.findById(account.user.id).lean())?.role, 'user');
  });

  it('when the last admin is demoted, then it exits 1 with LAST_ADMIN and the account stays admin', async function () {
    this.timeout(30_000);
    const account = await registerAdmin(app);
    await assert.rejects(userRole(account.email, 'user'), (error: { code?: number; stderr?: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr ?? '', /last enabled admin/);
      return true;
    });
    assert.equal((await UserModel.findById(account.user.id).lean())?.role, 'admin');
  });
});
