// feature-file:oidc (the local OpenID Provider for trying OIDC sign-in; feature:remove deletes it with oidc)
/**
 * A local OpenID Provider (the certified `oidc-provider`) for trying OIDC sign-in with no account
 * anywhere: it approves every authorization request at once for the account below.
 *
 *   npx tsx scripts/local-oidc-provider.ts [--port 8081] [--app http://localhost:3000]
 *     [--sub local-oidc-user] [--email oidc-dev@example.com] [--name "OIDC Dev User"] [--unverified]
 *
 * It prints every environment variable the app needs, OAUTH_SUCCESS_REDIRECT included (the demo page).
 * For development only: never in production.
 */
import { parseArgs } from 'node:util';
import { announce } from './local-providers/announce.js';
import { startLocalOidcProvider } from './local-providers/oidc.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8081' },
    app: { type: 'string', default: 'http://localhost:3000' },
    sub: { type: 'string', default: 'local-oidc-user' },
    email: { type: 'string', default: 'oidc-dev@example.com' },
    name: { type: 'string', default: 'OIDC Dev User' },
    unverified: { type: 'boolean', default: false },
  },
});

const callbackUrl = `${values.app}/auth/oidc/callback`;
const provider = await startLocalOidcProvider({ port: Number(values.port), callbackUrl });
const account = { sub: values.sub, email: values.email, email_verified: !values.unverified, name: values.name };
provider.signInAs(account);

const env = {
  OIDC_ISSUER: provider.issuer,
  OIDC_CLIENT_ID: provider.client.id,
  OIDC_CLIENT_SECRET: provider.client.secret,
  OIDC_CALLBACK_URL: callbackUrl,
  OIDC_NAME: 'Local OIDC',
  OAUTH_SUCCESS_REDIRECT: `${values.app}/`,
};
announce({
  started: `Local OpenID Provider on ${provider.issuer}`,
  account: account,
  env,
  app: values.app,
  button: 'Sign in with Local OIDC',
  stop: () => provider.stop(),
});
