import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { MAX_SESSIONS } from '../../src/auth/live-sessions.js';
import { UserModel } from '../../src/models/user.model.js';
import { TEST_JWT_SECRET, buildApp } from '../helpers/app.js';
import { startServerProcess } from '../helpers/server.js';
import { loginAccount, registerAccount, type Account } from '../helpers/factories.js';
import { sessionIdOf } from '../helpers/tokens.js';

const START_TIMEOUT_MS = 30_000;

const me = (app: RequestListener, accessToken: string) => request(app).get('/auth/me').set('Authorization', `Bearer ${accessToken}`);

/** A second instance: the real entry point in its own process, on the test database, with the same JWT secret. */
async function startInstance(): Promise<{ child: ChildProcess; origin: string }> {
  const { child, port } = await startServerProcess({ JWT_SECRET: TEST_JWT_SECRET }, START_TIMEOUT_MS);
  return { child, origin: `http://127.0.0.1:${port}` };
}

describe('security: ending a session revokes its access tokens at once', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  describe('two instances sharing one database', function () {
    this.timeout(60_000);
    let instanceB: { child: ChildProcess; origin: string } | undefined;
    before(async () => {
      instanceB = await startInstance();
    });
    after(() => {
      instanceB?.child.kill('SIGKILL');
    });

    it('when a session is ended on instance A, then instance B refuses its access token on the very next request', async () => {
      const account = await registerAccount(app);
      const other = await loginAccount(app, account.email, account.password);
      const onB = (token: string) => fetch(`${instanceB?.origin}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await onB(account.access_token)).status, 200, 'B accepts the token while the session lives');
      const ended = await request(app)
        .delete(`/auth/sessions/${sessionIdOf(account.access_token)}`)
        .set('Authorization', `Bearer ${other.access_token}`);
      assert.equal(ended.status, 204);
      assert.equal((await onB(account.access_token)).status, 401, 'B refuses it at once');
      assert.equal((await onB(other.access_token)).status, 200, "B still serves the user's other session");
    });
  });

  it('when a session logs out, then its access token is refused at once and the other session is untouched', async () => {
    const account = await registerAccount(app);
    const other = await loginAccount(app, account.email, account.password);
    assert.equal((await request(app).post('/auth/logout').send({ refresh_token: account.refresh_token })).status, 204);
    assert.equal((await me(app, account.access_token)).status, 401);
    assert.equal((await me(app, other.access_token)).status, 200);
  });

  it('when a spent refresh token is reused, then the access tokens of its session are refused at once', async () => {
    const account = await registerAccount(app);
    const rotated = await request(app).post('/auth/refresh').send({ refresh_token: account.refresh_token });
    assert.equal(rotated.status, 200);
    const reuse = await request(app).post('/auth/refresh').send({ refresh_token: account.refresh_token });
    assert.equal(reuse.body.code, 'REFRESH_TOKEN_REUSED');
    assert.equal((await me(app, rotated.body.access_token)).status, 401);
    assert.equal((await me(app, account.access_token)).status, 401);
  });

  it('when the password changes, then the caller keeps its session (refresh works) and every other session is gone from the list', async () => {
    const account = await registerAccount(app);
    const other = await loginAccount(app, account.email, account.password);
    const changed = await request(app)
      .post('/auth/password')
      .set('Authorization', `Bearer ${account.access_token}`)
      .send({ current_password: account.password, new_password: 'another long passphrase' });
    assert.equal(changed.status, 204);
    const refreshed = await request(app).post('/auth/refresh').send({ refresh_token: account.refresh_token });
    assert.equal(refreshed.status, 200);
    assert.equal((await request(app).post('/auth/refresh').send({ refresh_token: other.refresh_token })).status, 401);
    const listed = await request(app).get('/auth/sessions').set('Authorization', `Bearer ${refreshed.body.access_token}`);
    assert.deepEqual(
      listed.body.items.map((session: { id: string }) => session.id),
      [sessionIdOf(account.access_token)],
    );
  });

  it('when the user logs out everywhere, then no session is left live on the user document', async () => {
    const account = await registerAccount(app);
    await loginAccount(app, account.email, account.password);
    assert.equal((await request(app).post('/auth/logout-all').set('Authorization', `Bearer ${account.access_token}`)).status, 204);
    const user = await UserModel.findById(account.user.id).select('+sessions').lean();
    assert.deepEqual(user?.sessions, {});
  });

  it(`when a user signs in more than ${MAX_SESSIONS} times, then the oldest session ends and the list stays bounded`, async () => {
    const first: Account = await registerAccount(app);
    let latest = first;
    for (let i = 1; i <= MAX_SESSIONS; i += 1) latest = await loginAccount(app, first.email, first.password);
    assert.equal((await me(app, first.access_token)).status, 401, 'the oldest session was ended');
    assert.equal((await request(app).post('/auth/refresh').send({ refresh_token: first.refresh_token })).status, 401);
    const listed = await request(app).get('/auth/sessions').set('Authorization', `Bearer ${latest.access_token}`);
    assert.equal(listed.body.items.length, MAX_SESSIONS);
    const user = await UserModel.findById(first.user.id).select('+sessions').lean();
    assert.equal(Object.keys(user?.sessions ?? {}).length, MAX_SESSIONS);
  });
});
