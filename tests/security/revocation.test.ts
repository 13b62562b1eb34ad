import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { buildApp } from '../helpers/app.js';
import { loginAccount, registerAccount, type Account } from '../helpers/factories.js';

const SESSIONS = 12;
const ROUNDS = 4;

/** Whatever a revoke-everything left working: access tokens that still open /auth/me, refresh tokens that still rotate. */
async function survivors(app: RequestListener, tokens: { access_token: string; refresh_token: string }[]): Promise<string[]> {
  const alive: string[] = [];
  for (const { access_token: access, refresh_token: refresh } of tokens) {
    if ((await request(app).get('/auth/me').set('Authorization', `Bearer ${access}`)).status === 200)
      alive.push(`access ${access.slice(-8)}`);
    if ((await request(app).post('/auth/refresh').send({ refresh_token: refresh })).status === 200)
      alive.push(`refresh ${refresh.slice(0, 8)}`);
  }
  return alive;
}

describe('security: tokens outlive a revocation they race (refresh during logout-all, password change, reset)', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  it('when refreshes of many sessions race logout-all, then every one answers 200 or 401 and nothing issued survives', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const owner = await registerAccount(app);
      const sessions: Account[] = [owner];
      for (let i = 1; i < SESSIONS; i += 1) sessions.push(await loginAccount(app, owner.email, owner.password));
      const refreshes = sessions.map((session) =>
        request(app)
          .post('/auth/refresh')
          .send({ refresh_token: session.refresh_token })
          .then((res) => res),
      );
      const logoutAll = request(app)
        .post('/auth/logout-all')
        .set('Authorization', `Bearer ${owner.access_token}`)
        .then((res) => res);
      const [answers, logout] = await Promise.all([Promise.all(refreshes), logoutAll]);
      assert.equal(logout.status, 204);
      for (const res of answers) {
        assert.ok([200, 401].includes(res.status), String(res.status));
        if (res.status === 401) assert.equal(res.body.access_token, undefined, 'a refused refresh returns no token');
      }
      const issued = answers.filter((res) => res.status === 200).map((res) => res.body as Account);
      assert.deepEqual(await survivors(app, issued), [], `round ${round}`);
    }
  });
});
