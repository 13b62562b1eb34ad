import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { RefreshTokenModel } from '../../src/models/refresh-token.model.js';
import { appSuite } from '../helpers/app.js';
import { loginAccount, registerAccount, type Account } from '../helpers/factories.js';
// feature:google
import { UserModel } from '../../src/models/user.model.js';
import { mailingApp, startMailServer, type MailingApp, type MailServer } from '../helpers/mail-server.js';
// feature:mail
import { tokenIn } from '../helpers/mail-server.js';
// /feature:mail
// /feature:google
// feature:google
import { oneTimeCode, startTestProvider, type TestProvider } from '../helpers/oauth-provider.js';
// /feature:google

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

appSuite('security: tokens outlive a revocation they race (refresh during logout-all, password change, reset)', (app) => {
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

appSuite(
  'security: a sign-in whose password check is still running when the account is revoked everywhere',
  (app) => {
    it('when logout-all lands during the password check, then the login answers 401 and leaves no live refresh token', async () => {
      const owner = await registerAccount(app);
      const login = request(app)
        .post('/auth/login')
        .send({ email: owner.email, password: owner.password })
        .then((res) => res);
      // By now the login has read the account and is checking the password (bcrypt at cost 13, about 0.5 s).
      await new Promise((resolve) => setTimeout(resolve, 200));
      await request(app).post('/auth/logout-all').set('Authorization', `Bearer ${owner.access_token}`).expect(204);
      const res = await login;
      assert.equal(res.status, 401, res.text);
      assert.equal(res.body.code, 'INVALID_CREDENTIALS');
      assert.equal(res.body.refresh_token, undefined);
      assert.equal(await RefreshTokenModel.countDocuments({ user: owner.user.id, revokedAt: null }), 0);
    });
  },
  { BCRYPT_ROUNDS: '13' },
);

// feature:google
describe('security: one-time sign-in codes outlive logout-all, a password change and a reset', () => {
  const ADA = { sub: 'google-sub-ada', email: 'ada@example.com', email_verified: true, name: 'Ada' };
  let provider: TestProvider;
  let mail: MailServer;
  let suite: MailingApp;
  let account: Account;
  before(async () => {
    provider = await startTestProvider();
    mail = await startMailServer();
    suite = mailingApp(mail, provider.env({ OAUTH_SUCCESS_REDIRECT: 'https://app.example.com/signed-in' }));
  });
  after(async () => {
    await provider.stop();
    await mail.close();
  });
  beforeEach(async () => {
    provider.signInAs(ADA);
    // A verified password account: linking Google keeps its password, so every path below applies.
    account = await registerAccount(suite.app, { email: ADA.email });
    await UserModel.updateOne({ email: ADA.email }, { $set: { emailVerified: true } });
  });

  async function assertVoid({ code, cookie }: { code: string; cookie: string }): Promise<void> {
    const res = await request(suite.app).post('/auth/oauth/exchange').set('Cookie', cookie).send({ code });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.code, 'INVALID_OAUTH_CODE');
    assert.equal(res.body.access_token, undefined);
  }

  it('when the user logs out everywhere, then a code minted before no longer signs in', async () => {
    const pending = await oneTimeCode(suite.app);
    await request(suite.app).post('/auth/logout-all').set('Authorization', `Bearer ${account.access_token}`).expect(204);
    await assertVoid(pending);
  });

  it('when the user changes the password, then a code minted before no longer signs in', async () => {
    const pending = await oneTimeCode(suite.app);
    await request(suite.app)
      .post('/auth/password')
      .set('Authorization', `Bearer ${account.access_token}`)
      .send({ current_password: account.password, new_password: 'a brand new passphrase' })
      .expect(204);
    await assertVoid(pending);
  });

  // feature:mail
  it('when the password is reset by mail, then a code minted before no longer signs in', async () => {
    const pending = await oneTimeCode(suite.app);
    await request(suite.app).post('/auth/password/forgot').send({ email: ADA.email }).expect(202);
    const token = tokenIn(await suite.newestMail(ADA.email), 'reset-password');
    await request(suite.app).post('/auth/password/reset').send({ token, new_password: 'a brand new passphrase' }).expect(204);
    await assertVoid(pending);
  });
  // /feature:mail
});
// /feature:google
