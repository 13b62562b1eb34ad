// feature-file:github (the local stand-in for GitHub, for trying GitHub sign-in; feature:remove deletes it with github)
/**
 * A local stand-in for GitHub's OAuth and API endpoints, for trying GitHub sign-in with no GitHub
 * account: it approves every authorization request at once for the account below.
 *
 *   npx tsx scripts/local-github.ts [--port 8082] [--app http://localhost:3000]
 *     [--id 4242] [--login octodev] [--email octodev@example.com] [--name "Octo Dev"] [--unverified]
 *
 * It prints every environment variable the app needs, OAUTH_SUCCESS_REDIRECT included (the demo page).
 * For development only: never in production.
 */
import { parseArgs } from 'node:util';
import { announce } from './local-providers/announce.js';
import { startLocalGitHub } from './local-providers/github.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8082' },
    app: { type: 'string', default: 'http://localhost:3000' },
    id: { type: 'string', default: '4242' },
    login: { type: 'string', default: 'octodev' },
    email: { type: 'string', default: 'octodev@example.com' },
    name: { type: 'string', default: 'Octo Dev' },
    unverified: { type: 'boolean', default: false },
  },
});

const github = await startLocalGitHub({ port: Number(values.port) });
const account = {
  id: Number(values.id),
  login: values.login,
  name: values.name,
  emails: [{ email: values.email, primary: true, verified: !values.unverified }],
};
github.signInAs(account);

const env = {
  GITHUB_CLIENT_ID: github.client.id,
  GITHUB_CLIENT_SECRET: github.client.secret,
  GITHUB_CALLBACK_URL: `${values.app}/auth/github/callback`,
  GITHUB_BASE_URL: github.baseUrl,
  GITHUB_API_URL: github.apiUrl,
  OAUTH_SUCCESS_REDIRECT: `${values.app}/`,
};
announce({
  started: `Local GitHub stand-in on ${github.baseUrl}`,
  account: account,
  env,
  app: values.app,
  button: 'Sign in with GitHub',
  stop: () => github.stop(),
});
