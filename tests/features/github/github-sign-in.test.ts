import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { UserModel } from '../../../src/models/user.model.js';
import { startLocalGitHub, type GitHubAccount, type LocalGitHub } from '../../../scripts/local-providers/github.js';
import { buildApp } from '../../helpers/app.js';
import { describeProviderContract, person, type Person } from '../../helpers/provider-contract.js';
import { beginSignIn, followOnce, signInWith } from '../../helpers/sign-in-flow.js';

const CALLBACK_URL = 'http://127.0.0.1/auth/github/callback';

function envFor(github: LocalGitHub): Record<string, string> {
  return {
    GITHUB_CLIENT_ID: github.client.id,
    GITHUB_CLIENT_SECRET: github.client.secret,
    GITHUB_CALLBACK_URL: CALLBACK_URL,
    GITHUB_BASE_URL: github.baseUrl,
    GITHUB_API_URL: github.apiUrl,
  };
}

function accountOf(who: Person, id: number): GitHubAccount {
  return { id, login: `login-${id}`, name: who.name, emails: [{ email: who.email, primary: true, verified: who.verified }] };
}

describeProviderContract('github', 'githubId', async () => {
  const github = await startLocalGitHub();
  // GitHub's subject is its numeric id: each test person gets one, and keeps it.
  const ids = new Map<string, number>();
  const idOf = (who: Person) => ids.get(who.subject) ?? ids.set(who.subject, 1000 + ids.size).get(who.subject) ?? 0;
  return {
    env: envFor(github),
    follow: followOnce,
    signInAs: (who) => github.signInAs(accountOf(who, idOf(who))),
    subjectOf: (who) => String(idOf(who)),
    stop: () => github.stop(),
  };
});

describe('GitHub sign-in', () => {
  let github: LocalGitHub;
  let app: RequestListener;
  before(async () => {
    github = await startLocalGitHub();
    app = buildApp(envFor(github));
  });
  after(() => github.stop());

  const signIn = (account: GitHubAccount) => {
    github.signInAs(account);
    return signInWith(app, 'github', followOnce);
  };

  it('when the sign-in starts, then GitHub is asked for read:user and user:email with state and an S256 PKCE challenge', async () => {
    const { authorizeUrl } = await beginSignIn(app, 'github', followOnce);
    assert.equal(authorizeUrl.origin + authorizeUrl.pathname, `${github.baseUrl}/login/oauth/authorize`);
    assert.equal(authorizeUrl.searchParams.get('scope'), 'read:user user:email');
    assert.equal(authorizeUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.ok((authorizeUrl.searchParams.get('state') ?? '').length >= 32);
  });

  it('when the profile is read, then the token goes in the Authorization header, never in the query string', async () => {
    const before = github.apiRequests.length;
    const res = await signIn(accountOf(person(), 7001));
    assert.equal(res.status, 200, res.text);
    const made = github.apiRequests.slice(before);
    assert.deepEqual(made.map((call) => call.path).sort(), ['/user', '/user/emails']);
    for (const call of made) {
      assert.match(call.authorization ?? '', /^Bearer gho_/);
      assert.equal(call.query, '');
    }
  });

  it("when GitHub's primary address is unverified, then 403 EMAIL_NOT_VERIFIED even if another address is verified, and no account", async () => {
    const who = person();
    const res = await signIn({
      id: 7002,
      login: 'two-addresses',
      name: null,
      emails: [
        { email: who.email, primary: true, verified: false },
        { email: `other-${who.email}`, primary: false, verified: true },
      ],
    });
    assert.equal(res.status, 403, res.text);
    assert.equal(res.body.code, 'EMAIL_NOT_VERIFIED');
    assert.equal(await UserModel.exists({ githubId: '7002' }), null);
  });

  it('when the profile has no name, then the login is the name; the subject is the numeric id, not the login', async () => {
    const who = person();
    const res = await signIn({ id: 7003, login: 'renameable', name: null, emails: [{ email: who.email, primary: true, verified: true }] });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.user.name, 'renameable');
    assert.equal((await UserModel.findById(res.body.user.id).lean())?.githubId, '7003');
  });

  it('when GitHub refuses the code, then the callback answers 401 OAUTH_DENIED', async () => {
    const pending = await beginSignIn(app, 'github', followOnce);
    const res = await request(app)
      .get(pending.callbackPath.replace(/code=[^&]+/, 'code=not-a-code'))
      .set('Cookie', pending.cookie);
    assert.equal(res.status, 401, res.text);
    assert.equal(res.body.code, 'OAUTH_DENIED');
  });
});
