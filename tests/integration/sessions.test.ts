import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { RefreshTokenModel } from '../../src/models/refresh-token.model.js';
import { UserModel } from '../../src/models/user.model.js';
import { buildApp } from '../helpers/app.js';
import { registerAccount, type Account } from '../helpers/factories.js';
import { sessionIdOf } from '../helpers/tokens.js';

const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)';
const LAPTOP = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';

async function loginAs(app: RequestListener, account: Account, userAgent: string): Promise<Account> {
  const res = await request(app)
    .post('/auth/login')
    .set('User-Agent', userAgent)
    .send({ email: account.email, password: account.password });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { ...account, ...(res.body as Account) };
}

const me = (app: RequestListener, accessToken: string) => request(app).get('/auth/me').set('Authorization', `Bearer ${accessToken}`);
const refresh = (app: RequestListener, refreshToken: string) => request(app).post('/auth/refresh').send({ refresh_token: refreshToken });

describe('GET /auth/sessions', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  it('when a user signed in from two user agents, then it lists two sessions, newest first, with `current` on the asking one', async () => {
    const registered = await registerAccount(app);
    await request(app).post('/auth/logout').send({ refresh_token: registered.refresh_token });
    const phone = await loginAs(app, registered, PHONE);
    const laptop = await loginAs(app, registered, LAPTOP);
    const res = await request(app).get('/auth/sessions').set('Authorization', `Bearer ${phone.access_token}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const items = res.body.items as { id: string; user_agent: string; current: boolean; ip: string; created_at: string }[];
    assert.deepEqual(
      items.map(({ id, user_agent, current }) => ({ id, user_agent, current })),
      [
        { id: sessionIdOf(laptop.access_token), user_agent: LAPTOP, current: false },
        { id: sessionIdOf(phone.access_token), user_agent: PHONE, current: true },
      ],
    );
    assert.match(items[0]?.ip ?? '', /127\.0\.0\.1/);
  });

  it('when a session refreshed, then it is still one session, with the same created_at and a later last_used_at', async () => {
    const account = await registerAccount(app);
    const [before] = (await request(app).get('/auth/sessions').set('Authorization', `Bearer ${account.access_token}`)).body.items;
    const rotated = await refresh(app, account.refresh_token);
    assert.equal(rotated.status, 200);
    const res = await request(app).get('/auth/sessions').set('Authorization', `Bearer ${rotated.body.access_token}`);
    assert.equal(res.body.items.length, 1);
    const [after] = res.body.items;
    assert.equal(after.id, before.id);
    assert.equal(after.created_at, before.created_at);
    assert.ok(after.last_used_at >= before.last_used_at);
    assert.equal(after.current, true);
  });

  it('when not authenticated, then it answers 401', async () => {
    const res = await request(app).get('/auth/sessions');
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'UNAUTHORIZED');
  });
});

describe('DELETE /auth/sessions/:id', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  it('when a user ends one session, then its refresh and access tokens die at once and the other session keeps working', async () => {
    const phone = await registerAccount(app);
    const laptop = await loginAs(app, phone, LAPTOP);
    const res = await request(app)
      .delete(`/auth/sessions/${sessionIdOf(laptop.access_token)}`)
      .set('Authorization', `Bearer ${phone.access_token}`);
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    assert.equal((await me(app, laptop.access_token)).status, 401, "the ended session's access token");
    assert.equal((await refresh(app, laptop.refresh_token)).status, 401, "the ended session's refresh token");
    assert.equal((await me(app, phone.access_token)).status, 200, 'the other session');
    assert.equal((await refresh(app, phone.refresh_token)).status, 200);
  });

  it('when a session left the live ones but its refresh token was never revoked (a crash between the two writes), then that refresh token is refused', async () => {
    const account = await registerAccount(app);
    const sessionId = sessionIdOf(account.access_token);
    // endSession's first write only: the process died before it revoked the refresh tokens.
    await UserModel.updateOne({ _id: account.user.id }, { $unset: { [`sessions.${sessionId}`]: 1 } });
    assert.equal(await RefreshTokenModel.countDocuments({ family: sessionId, revokedAt: null }), 1);
    const res = await refresh(app, account.refresh_token);
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'INVALID_REFRESH_TOKEN');
    assert.equal(res.body.access_token, undefined);
  });

  it('when a user ends the session of the token asking, then that token dies too', async () => {
    const account = await registerAccount(app);
    const res = await request(app)
      .delete(`/auth/sessions/${sessionIdOf(account.access_token)}`)
      .set('Authorization', `Bearer ${account.access_token}`);
    assert.equal(res.status, 204);
    assert.equal((await me(app, account.access_token)).status, 401);
  });

  it("when the id is another user's session, then it answers 404 and ends nothing", async () => {
    const owner = await registerAccount(app);
    const stranger = await registerAccount(app);
    const res = await request(app)
      .delete(`/auth/sessions/${sessionIdOf(owner.access_token)}`)
      .set('Authorization', `Bearer ${stranger.access_token}`);
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'NOT_FOUND');
    assert.equal((await me(app, owner.access_token)).status, 200);
    assert.equal(await RefreshTokenModel.countDocuments({ user: owner.user.id, revokedAt: null }), 1);
    assert.equal((await refresh(app, owner.refresh_token)).status, 200);
  });

  it('when the id is unknown or not an id at all, then it answers 404', async () => {
    const account = await registerAccount(app);
    for (const id of ['0b6d3c1e-8f1a-4c3e-9a51-6f2f8c1d2e3a', 'nope', '%24where', 'a.b', 'x'.repeat(300)]) {
      const res = await request(app).delete(`/auth/sessions/${id}`).set('Authorization', `Bearer ${account.access_token}`);
      assert.equal(res.status, 404, id);
    }
    assert.equal((await me(app, account.access_token)).status, 200);
  });

  it('when not authenticated, then it answers 401', async () => {
    const res = await request(app).delete('/auth/sessions/0b6d3c1e-8f1a-4c3e-9a51-6f2f8c1d2e3a');
    assert.equal(res.status, 401);
  });
});
