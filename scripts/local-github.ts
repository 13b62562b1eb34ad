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
process.stdout.write(`Local GitHub stand-in on ${github.baseUrl}, signing in as ${JSON.stringify(account)}\n\n`);
process.stdout.write('Add these lines to .env (or export them), then start the app with `npm run dev`:\n\n');
for (const [name, value] of Object.entries(env)) process.stdout.write(`${name}=${value}\n`);
process.stdout.write(`\nThen open ${values.app}/ and press "Sign in with GitHub": you come back to that page signed in.\n`);
process.stdout.write('Ctrl+C stops the stand-in.\n');

const stop = () => void github.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
