import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { routeTable } from '../../../src/app.js';
import { UserModel } from '../../../src/models/user.model.js';
import { FEATURES, buildApp, testConfig } from '../../helpers/app.js';
import { registerAccount, registerAdmin, type Account } from '../../helpers/factories.js';

// Every route that needs a permission, from the route table itself: a new admin route is covered here the day it is added.
const PERMISSION_ROUTES = routeTable(testConfig(), FEATURES).filter((route) => route.permission);
const BODIES: Record<string, object> = { patch: { name: 'Renamed' } };

function call(app: RequestListener, route: (typeof PERMISSION_ROUTES)[number], targetId: string, token?: string) {
  const path = route.path.replace(':id', targetId);
  const req = request(app)[route.method](path);
  if (token) void req.set('Authorization', `Bearer ${token}`);
  const body = BODIES[route.method];
  return body ? req.send(body) : req;
}

describe('security: function-level authorization', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  it('when the route table is read, then the admin API needs users:read or users:write', () => {
    assert.deepEqual(
      PERMISSION_ROUTES.map((route) => `${route.method} ${route.path} ${route.permission}`),
      [
        'get /admin/users users:read',
        'get /admin/users/:id users:read',
        'patch /admin/users/:id users:write',
        'delete /admin/users/:id users:write',
      ],
    );
  });

  for (const route of PERMISSION_ROUTES) {
    describe(`${route.method.toUpperCase()} ${route.path}`, () => {
      let admin: Account;
      let user: Account;
      beforeEach(async () => {
        admin = await registerAdmin(app);
        user = await registerAccount(app);
      });

      it('when no token is sent, then 401 UNAUTHORIZED', async () => {
        const res = await call(app, route, user.user.id);
        assert.equal(res.status, 401);
        assert.equal(res.body.code, 'UNAUTHORIZED');
      });

      it("when a user's token is sent, then 403 FORBIDDEN and the target is untouched", async () => {
        const res = await call(app, route, user.user.id, user.access_token);
        assert.equal(res.status, 403);
        assert.equal(res.body.code, 'FORBIDDEN');
        const stored = await UserModel.findById(user.user.id).lean();
        assert.equal(stored?.name, null);
      });

      it('when the id does not exist and the caller is a user, then still 403 (the permission is checked before any lookup)', async () => {
        const res = await call(app, route, '0123456789abcdef01234567', user.access_token);
        assert.equal(res.status, 403);
      });

      it("when an admin's token is sent, then 2xx", async () => {
        const res = await call(app, route, user.user.id, admin.access_token);
        assert.ok(res.status >= 200 && res.status < 300, `${res.status} ${JSON.stringify(res.body)}`);
      });

      it('when the admin was demoted a moment ago, then their unexpired token gets 403 at once', async () => {
        await UserModel.updateOne({ _id: admin.user.id }, { $set: { role: 'user' } });
        const res = await call(app, route, user.user.id, admin.access_token);
        assert.equal(res.status, 403);
      });
    });
  }

  it('when an admin is demoted through PATCH /admin/users/:id, then their access and refresh tokens die at once', async () => {
    const [first, second] = [await registerAdmin(app), await registerAdmin(app)];
    const demoted = await request(app)
      .patch(`/admin/users/${second.user.id}`)
      .set('Authorization', `Bearer ${first.access_token}`)
      .send({ role: 'user' });
    assert.equal(demoted.status, 200);
    assert.equal(demoted.body.role, 'user');
    const list = await request(app).get('/admin/users').set('Authorization', `Bearer ${second.access_token}`);
    assert.equal(list.status, 401);
    const refresh = await request(app).post('/auth/refresh').send({ refresh_token: second.refresh_token });
    assert.equal(refresh.status, 401);
  });
});
