import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { routeTable } from '../../src/app.js';
import { exampleOf } from '../../src/openapi/json-schema.js';
import { UserModel } from '../../src/models/user.model.js';
import { FEATURES, buildApp, testConfig } from '../helpers/app.js';
import { registerAccount, uniqueEmail, type Account } from '../helpers/factories.js';

describe('security: mass assignment and object-level authorization', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  for (const field of [
    { role: 'admin' },
    { disabled: false },
    { email_verified: true },
    { emailVerified: true },
    { googleId: 'g-1' },
    { google_id: 'g-1' },
    { tokenVersion: 5 },
  ]) {
    it(`when register carries ${JSON.stringify(field)}, then 400 and no account is created`, async () => {
      const email = uniqueEmail();
      const res = await request(app)
        .post('/auth/register')
        .send({ email, password: 'a long enough passphrase', ...field });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assert.equal(await UserModel.exists({ email }), null);
    });
  }

  /** The victim's note, when the notes feature is installed: an :id route of a feature must hide it as it hides the account. */
  async function notesOf(victim: Account): Promise<{ id: string; body: unknown }[]> {
    if (!routeTable(testConfig(), FEATURES).some((route) => route.method === 'post' && route.path === '/notes')) return [];
    const res = await request(app)
      .post('/notes')
      .set('Authorization', `Bearer ${victim.access_token}`)
      .send({ title: 'Private' })
      .expect(201);
    return [{ id: res.body.id as string, body: res.body }];
  }

  it("when a user calls an :id route with another user's id or an unknown id, then both answers are the same (403 where a permission is needed, else 404)", async () => {
    const [victim, attacker] = [await registerAccount(app), await registerAccount(app)];
    const notes = await notesOf(victim);
    for (const route of routeTable(testConfig(), FEATURES).filter((r) => r.path.includes(':id'))) {
      // A body its schema accepts, so that only the id can be why the route refuses: never a 400 for a field it does not know.
      const body = route.body ? exampleOf(route.body) : { name: 'x' };
      const send = (id: string) => {
        const req = request(app)[route.method](route.path.replace(':id', id));
        return req.set('Authorization', `Bearer ${attacker.access_token}`).send(body as object);
      };
      const unknown = await send('0123456789abcdef01234567');
      for (const id of [victim.user.id, ...notes.map((note) => note.id)]) {
        const other = await send(id);
        assert.equal(other.status, route.permission ? 403 : 404, `${route.method} ${route.path} ${id}`);
        assert.deepEqual(other.body, unknown.body);
      }
    }
    const stored = await UserModel.findById(victim.user.id).lean();
    assert.deepEqual([stored?.name, stored?.role, stored?.disabled], [null, 'user', false]);
    for (const note of notes) {
      const res = await request(app).get(`/notes/${note.id}`).set('Authorization', `Bearer ${victim.access_token}`).expect(200);
      assert.deepEqual(res.body, note.body);
    }
  });
});
