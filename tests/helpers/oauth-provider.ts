import type { IncomingMessage, RequestListener } from 'node:http';
import { OAuth2Server, type MutableResponse } from 'oauth2-mock-server';
import type request from 'supertest';
import { beginSignIn, followOnce, oneTimeCodeWith, signInWith, type PendingSignIn } from './sign-in-flow.js';

export { finishSignIn as finishGoogleSignIn, setCookie, type PendingSignIn } from './sign-in-flow.js';

/** The client the app is registered as at the test provider (the secret must never reach a log or a response). */
export const TEST_CLIENT = { id: 'test-client-id', secret: 'test-client-secret-4c1d9f2e7b' };
export const CALLBACK_URL = 'http://127.0.0.1/auth/google/callback';

export interface UserinfoClaims {
  sub: string;
  email?: string;
  email_verified?: unknown;
  name?: string;
}

/** A real OAuth 2.0 / OIDC server (oauth2-mock-server) on 127.0.0.1, with what it was asked. */
export interface TestProvider {
  readonly issuer: string;
  /** Query strings received at /authorize. */
  readonly authorizeRequests: URLSearchParams[];
  /** Form bodies received at /token that it answered with tokens. */
  readonly tokenRequests: Record<string, string>[];
  /** The environment that points the app's Google client at this provider. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** The claims /userinfo answers with from now on. */
  signInAs(claims: UserinfoClaims): void;
  /** Lets a test rewrite the next response (status and body) of the token or the userinfo endpoint. */
  onceResponse(endpoint: 'token' | 'userinfo', edit: (response: MutableResponse) => void): void;
  stop(): Promise<void>;
}

/** Starts the provider on a random port. */
export async function startTestProvider(): Promise<TestProvider> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const issuer = server.issuer.url as string;
  const authorizeRequests: URLSearchParams[] = [];
  const tokenRequests: Record<string, string>[] = [];
  let claims: UserinfoClaims = { sub: 'nobody' };
  server.service.on('beforeAuthorizeRedirect', (_uri: unknown, req: IncomingMessage) => {
    authorizeRequests.push(new URL(req.url ?? '', issuer).searchParams);
  });
  server.service.on('beforeResponse', (_response: MutableResponse, req: IncomingMessage & { body: Record<string, string> }) => {
    tokenRequests.push({ ...req.body });
  });
  server.service.on('beforeUserinfo', (response: MutableResponse) => {
    response.body = { ...claims };
  });
  return {
    issuer,
    authorizeRequests,
    tokenRequests,
    env: (extra = {}) => ({
      GOOGLE_CLIENT_ID: TEST_CLIENT.id,
      GOOGLE_CLIENT_SECRET: TEST_CLIENT.secret,
      GOOGLE_CALLBACK_URL: CALLBACK_URL,
      GOOGLE_AUTHORIZATION_URL: `${issuer}/authorize`,
      GOOGLE_TOKEN_URL: `${issuer}/token`,
      GOOGLE_USERINFO_URL: `${issuer}/userinfo`,
      ...extra,
    }),
    signInAs: (next) => {
      claims = next;
    },
    onceResponse: (endpoint, edit) => {
      server.service.once(endpoint === 'token' ? 'beforeResponse' : 'beforeUserinfo', edit);
    },
    stop: () => server.stop(),
  };
}

/** GET /auth/google, then the provider's /authorize (a real HTTP request), stopping before the callback. */
export function beginGoogleSignIn(app: RequestListener): Promise<PendingSignIn> {
  return beginSignIn(app, 'google', followOnce);
}

/** The whole redirect chain: /auth/google → provider /authorize → /auth/google/callback. */
export function signInWithGoogle(app: RequestListener): Promise<request.Response> {
  return signInWith(app, 'google', followOnce);
}

/** A whole sign-in in redirect mode (OAUTH_SUCCESS_REDIRECT set): the one-time code from the redirect and the browser's code cookie. */
export function oneTimeCode(app: RequestListener): Promise<{ code: string; cookie: string }> {
  return oneTimeCodeWith(app, 'google', followOnce);
}
