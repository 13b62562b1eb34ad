import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import { Types } from 'mongoose';
import request from 'supertest';
import { pageCursors } from '../../../src/lib/page-cursor.js';
import { buildApp, testConfig } from '../../helpers/app.js';
import { insertUsers, registerAdmin, type Account } from '../../helpers/factories.js';

describe('security: admin listing input', () => {
  let app: RequestListener;
  let admin: Account;
  before(() => {
    app = buildApp();
  });
  beforeEach(async () => {
    admin = await registerAdmin(app);
    await insertUsers(5);
  });

  const list = (query: string) => request(app).get(`/admin/users?${query}`).set('Authorization', `Bearer ${admin.access_token}`);

  const refused = [
    'email[$regex]=',
    'email[$ne]=x',
    'email=a%00',
    'email=',
    'limit=1e9',
    'limit=0',
    'limit=101',
    'limit=-1',
    'limit=1&limit=2',
    'limit=ten',
    'cursor=garbage',
    'cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'cursor[$gt]=',
    'role=root',
    'role[$ne]=admin',
    'disabled=1',
    'disabled[$ne]=true',
    'sort=email',
    '__proto__[polluted]=1',
  ];
  for (const query of refused) {
    it(`when the query is ${query}, then 400 VALIDATION_FAILED`, async () => {
      const res = await list(query);
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
    });
  }

  for (const prefix of ['.*', '^', '%5E.', '(', '%5C', '*', '%24where', '%7B%22%24ne%22%3A1%7D']) {
    it(`when the email prefix is ${decodeURIComponent(prefix)}, then it is matched literally: an empty page`, async () => {
      const res = await list(`email=${prefix}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { items: [], next_cursor: null });
    });
  }

  it('when a cursor is well-formed but points past every user, then an empty page', async () => {
    const res = await list(`cursor=${pageCursors(testConfig().pageCursorKey).after(new Types.ObjectId('000000000000000000000000'))}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { items: [], next_cursor: null });
  });

  it('when a cursor has the right shape but another key made it, or its id was changed, then 400 VALIDATION_FAILED on cursor', async () => {
    const genuine = (await list('limit=1')).body.next_cursor as string;
    const forged = pageCursors(Buffer.alloc(32, 7)).after(new Types.ObjectId());
    const bytes = Buffer.from(genuine, 'base64url');
    bytes[11] = (bytes[11] ?? 0) ^ 1;
    for (const cursor of [forged, bytes.toString('base64url')]) {
      const res = await list(`cursor=${cursor}`);
      assert.equal(res.status, 400, cursor);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assert.deepEqual(res.body.errors, [{ path: 'cursor', message: 'must be a next_cursor of an earlier page' }]);
    }
    assert.equal((await list(`cursor=${genuine}`)).status, 200);
  });
});
