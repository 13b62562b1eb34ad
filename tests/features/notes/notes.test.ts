import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import { Types } from 'mongoose';
import request from 'supertest';
import { NoteModel } from '../../../src/features/notes/note.model.js';
import { pageCursors } from '../../../src/lib/page-cursor.js';
import { buildApp } from '../../helpers/app.js';
import { registerAccount, registerAdmin, type Account } from '../../helpers/factories.js';

const NOTE_KEYS = ['body', 'created_at', 'id', 'title', 'updated_at'];

/** The notes API as `account` calls it. */
function notesOf(app: RequestListener, account: Account) {
  const auth = (req: request.Test) => req.set('Authorization', `Bearer ${account.access_token}`);
  return {
    list: (query = '') => auth(request(app).get(`/notes${query}`)),
    create: (body: object) => auth(request(app).post('/notes')).send(body),
    get: (id: string) => auth(request(app).get(`/notes/${id}`)),
    patch: (id: string, body: object) => auth(request(app).patch(`/notes/${id}`)).send(body),
    delete: (id: string) => auth(request(app).delete(`/notes/${id}`)),
  };
}

/** Writes `count` notes through the API, oldest first; returns their ids in that order. */
async function writeNotes(api: ReturnType<typeof notesOf>, count: number, prefix = 'note'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) ids.push((await api.create({ title: `${prefix} ${i}` }).expect(201)).body.id as string);
  return ids;
}

const idsOf = (res: request.Response) => res.body.items.map((note: { id: string }) => note.id) as string[];

describe('the notes API (the example resource)', () => {
  let app: RequestListener;
  let alice: Account;
  let api: ReturnType<typeof notesOf>;
  before(() => {
    app = buildApp();
  });
  beforeEach(async () => {
    alice = await registerAccount(app);
    api = notesOf(app, alice);
  });

  describe('create, read, update, delete', () => {
    it('when a note is written, read, changed and deleted, then each answer is the Note and the last leaves a 404', async () => {
      const created = await api.create({ title: '  Shopping  ' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(Object.keys(created.body).sort(), NOTE_KEYS);
      assert.deepEqual([created.body.title, created.body.body], ['Shopping', '']);
      const { id } = created.body as { id: string };
      assert.deepEqual((await api.get(id).expect(200)).body, created.body);
      const changed = await api.patch(id, { body: 'Milk' }).expect(200);
      assert.deepEqual([changed.body.title, changed.body.body, changed.body.created_at], ['Shopping', 'Milk', created.body.created_at]);
      assert.ok(Date.parse(changed.body.updated_at) >= Date.parse(created.body.updated_at));
      await api.delete(id).expect(204);
      const gone = await api.get(id);
      assert.equal(gone.status, 404);
      assert.equal(gone.body.code, 'NOT_FOUND');
    });

    it('when no token is sent, then every notes route answers 401 UNAUTHORIZED', async () => {
      const id = new Types.ObjectId().toHexString();
      for (const req of [
        request(app).get('/notes'),
        request(app).post('/notes').send({ title: 'x' }),
        request(app).get(`/notes/${id}`),
        request(app).patch(`/notes/${id}`).send({ title: 'x' }),
        request(app).delete(`/notes/${id}`),
      ]) {
        const res = await req;
        assert.equal(res.status, 401);
        assert.equal(res.body.code, 'UNAUTHORIZED');
      }
    });
  });

  describe('validation', () => {
    for (const [what, body] of [
      ['a title of 0 characters (after trimming)', { title: '   ' }],
      ['a title of 201 characters', { title: 'x'.repeat(201) }],
      ['a body of 10,001 characters', { title: 'x', body: 'x'.repeat(10_001) }],
      ['no title', { body: 'x' }],
      ['an unknown field', { title: 'x', owner: new Types.ObjectId().toHexString() }],
    ] as const) {
      it(`when a note is written with ${what}, then 400 VALIDATION_FAILED and nothing is stored`, async () => {
        const res = await api.create(body);
        assert.equal(res.status, 400);
        assert.equal(res.body.code, 'VALIDATION_FAILED');
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.equal(await NoteModel.countDocuments({}), 0);
      });
    }

    it('when a note is written with a 200-character title and a 10,000-character body, then 201', async () => {
      await api.create({ title: 'x'.repeat(200), body: 'x'.repeat(10_000) }).expect(201);
    });

    for (const [what, body] of [
      ['an empty body', {}],
      ['a title of 201 characters', { title: 'x'.repeat(201) }],
      ['a body of 10,001 characters', { body: 'x'.repeat(10_001) }],
      ['an unknown field', { title: 'x', created_at: '2020-01-01T00:00:00.000Z' }],
    ] as const) {
      it(`when a note is changed with ${what}, then 400 VALIDATION_FAILED and it is unchanged`, async () => {
        const { id } = (await api.create({ title: 'Kept' }).expect(201)).body as { id: string };
        const res = await api.patch(id, body);
        assert.equal(res.status, 400);
        assert.equal(res.body.code, 'VALIDATION_FAILED');
        assert.equal((await NoteModel.findById(id).lean())?.title, 'Kept');
      });
    }

    for (const query of ['limit=0', 'limit=101', 'limit=ten', 'limit=1&limit=2', 'owner=x', 'all=yes', 'cursor[$gt]=']) {
      it(`when the list query is ${query}, then 400 VALIDATION_FAILED`, async () => {
        const res = await api.list(`?${query}`);
        assert.equal(res.status, 400);
        assert.equal(res.body.code, 'VALIDATION_FAILED');
      });
    }
  });

  describe('GET /notes', () => {
    it('when 25 notes are paged by 10, then three pages hold each once, newest first, and the last next_cursor is null', async () => {
      const written = (await writeNotes(api, 25)).reverse();
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await api.list(`?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        seen.push(...idsOf(res));
        cursor = res.body.next_cursor;
        pages += 1;
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual(seen, written);
    });

    it('when no limit is given, then a page holds 20 notes and a next_cursor', async () => {
      await writeNotes(api, 21);
      const res = await api.list().expect(200);
      assert.equal(res.body.items.length, 20);
      assert.equal(typeof res.body.next_cursor, 'string');
    });

    it('when the cursor was made under another key or its id was changed, then 400 VALIDATION_FAILED on cursor', async () => {
      await writeNotes(api, 2);
      const genuine = (await api.list('?limit=1').expect(200)).body.next_cursor as string;
      const bytes = Buffer.from(genuine, 'base64url');
      bytes[11] = (bytes[11] ?? 0) ^ 1;
      for (const cursor of [pageCursors(Buffer.alloc(32, 7)).after(new Types.ObjectId()), bytes.toString('base64url'), 'garbage']) {
        const res = await api.list(`?cursor=${cursor}`);
        assert.equal(res.status, 400, cursor);
        assert.equal(res.body.code, 'VALIDATION_FAILED');
        assert.deepEqual(res.body.errors, [{ path: 'cursor', message: 'must be a next_cursor of an earlier page' }]);
      }
      await api.list(`?cursor=${genuine}`).expect(200);
    });

    it('when two users have notes, then each lists only their own', async () => {
      const bob = notesOf(app, await registerAccount(app));
      const [mine, theirs] = [await writeNotes(api, 2, 'alice'), await writeNotes(bob, 2, 'bob')];
      assert.deepEqual(idsOf(await api.list().expect(200)), mine.reverse());
      assert.deepEqual(idsOf(await bob.list().expect(200)), theirs.reverse());
    });

    it('when a user without notes:read-all sends all=true, then 403 FORBIDDEN', async () => {
      const res = await api.list('?all=true');
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'FORBIDDEN');
    });

    it("when an admin (notes:read-all) sends all=true, then everyone's notes, newest first; without it, only the admin's own", async () => {
      const admin = notesOf(app, await registerAdmin(app));
      const [first, second, own] = [
        await writeNotes(api, 1),
        await writeNotes(notesOf(app, await registerAccount(app)), 1),
        await writeNotes(admin, 1),
      ];
      assert.deepEqual(idsOf(await admin.list('?all=true').expect(200)), [...own, ...second, ...first]);
      assert.deepEqual(idsOf(await admin.list('?all=false').expect(200)), own);
    });
  });

  describe("another user's note", () => {
    let id: string;
    let mallory: ReturnType<typeof notesOf>;
    beforeEach(async () => {
      id = (await api.create({ title: 'Private', body: 'Only mine' }).expect(201)).body.id as string;
      mallory = notesOf(app, await registerAccount(app));
    });

    const calls = {
      GET: (note: string) => mallory.get(note),
      PATCH: (note: string) => mallory.patch(note, { title: 'Mine now' }),
      DELETE: (note: string) => mallory.delete(note),
    };
    for (const [method, call] of Object.entries(calls)) {
      it(`when another user sends ${method} /notes/:id, then 404 NOT_FOUND as for an unknown id, and the note is unchanged in the database`, async () => {
        const before = await NoteModel.findById(id).lean();
        const [res, unknown] = [await call(id), await call(new Types.ObjectId().toHexString())];
        assert.equal(res.status, 404);
        assert.equal(res.body.code, 'NOT_FOUND');
        assert.deepEqual(res.body, unknown.body);
        assert.deepEqual(await NoteModel.findById(id).lean(), before);
      });
    }

    for (const malformed of ['not-an-id', '0123456789ABCDEF01234567', '%24ne']) {
      it(`when the id is ${decodeURIComponent(malformed)}, then 404 NOT_FOUND on GET, PATCH and DELETE`, async () => {
        for (const res of [await api.get(malformed), await api.patch(malformed, { title: 'x' }), await api.delete(malformed)]) {
          assert.equal(res.status, 404);
          assert.equal(res.body.code, 'NOT_FOUND');
        }
      });
    }
  });

  describe('account deletion', () => {
    it("when the account is deleted (DELETE /auth/me), then its notes are gone and another user's stay", async () => {
      await writeNotes(api, 3);
      const other = await writeNotes(notesOf(app, await registerAccount(app)), 1);
      await request(app)
        .delete('/auth/me')
        .set('Authorization', `Bearer ${alice.access_token}`)
        .send({ current_password: alice.password })
        .expect(204);
      assert.equal(await NoteModel.countDocuments({ owner: alice.user.id }), 0);
      assert.deepEqual(
        (await NoteModel.find({}).lean()).map((note) => note._id.toHexString()),
        other,
      );
    });
  });
});
