// feature-file:google (the provider Google sign-in is tried against; feature:remove deletes it with google)
/**
 * A local OAuth 2.0 / OpenID Connect provider for trying Google sign-in without a Google account:
 * it approves every authorization request at once and answers /userinfo with the claims below.
 *
 *   npx tsx scripts/local-oauth-provider.ts [--port 8080] [--app http://localhost:3000]
 *     [--sub local-user-1] [--email dev@example.com] [--name "Dev User"] [--unverified]
 *
 * It prints every environment variable the app needs for the whole flow, OAUTH_SUCCESS_REDIRECT included
 * (the demo page), so that pressing "Sign in with Google" there ends back on it, signed in.
 * For development only: never in production.
 */
import { parseArgs } from 'node:util';
import { announce } from './local-providers/announce.js';
import { OAuth2Server, type MutableResponse } from 'oauth2-mock-server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    app: { type: 'string', default: 'http://localhost:3000' },
    sub: { type: 'string', default: 'local-user-1' },
    email: { type: 'string', default: 'dev@example.com' },
    name: { type: 'string', default: 'Dev User' },
    unverified: { type: 'boolean', default: false },
  },
});

const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
await server.start(Number(values.port), 'localhost');
const issuer = server.issuer.url as string;
const claims = { sub: values.sub, email: values.email, email_verified: !values.unverified, name: values.name };

server.service.on('beforeUserinfo', (response: MutableResponse) => {
  response.body = claims;
});
server.service.on('beforeAuthorizeRedirect', () => {
  process.stdout.write(`authorized ${claims.email} (sub ${claims.sub}), redirecting back to the app\n`);
});

const env = {
  GOOGLE_CLIENT_ID: 'local-client',
  GOOGLE_CLIENT_SECRET: 'local-client-secret',
  GOOGLE_CALLBACK_URL: `${values.app}/auth/google/callback`,
  GOOGLE_AUTHORIZATION_URL: `${issuer}/authorize`,
  GOOGLE_TOKEN_URL: `${issuer}/token`,
  GOOGLE_USERINFO_URL: `${issuer}/userinfo`,
  // Back to the demo page with a one-time code, which it trades for tokens (without it, the callback answers raw JSON).
  OAUTH_SUCCESS_REDIRECT: `${values.app}/`,
};
announce({
  started: `Local OAuth provider on ${issuer}`,
  account: claims,
  env,
  app: values.app,
  button: 'Sign in with Google',
  stop: () => server.stop(),
});
