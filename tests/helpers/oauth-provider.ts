import assert from 'node:assert/strict';
import type { IncomingMessage, RequestListener } from 'node:http';
import { OAuth2Server, type MutableResponse } from 'oauth2-mock-server';
import request from 'supertest';

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

/** What a browser holds between leaving for the provider and coming back. */
export interface PendingSignIn {
  /** The `Cookie` header the browser would send back (the signed state cookie). */
  readonly cookie: string;
  /** The URL the app redirected to. */
  readonly authorizeUrl: URL;
  /** Path and query of the callback the provider redirected back to. */
  readonly callbackPath: string;
}

/** The `name=value` part of the cookie `name` set by a response, if any. */
export function setCookie(res: request.Response, name: string): string | undefined {
  const headers = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return headers.find((header) => header.startsWith(`${name}=`))?.split(';')[0];
}

/** GET /auth/google, then the provider's /authorize (a real HTTP request), stopping before the callback. */
export async function beginGoogleSignIn(app: RequestListener): Promise<PendingSignIn> {
  const start = await request(app).get('/auth/google');
  assert.equal(start.status, 302, start.text);
  const cookie = setCookie(start, 'oauth_state');
  assert.ok(cookie, 'GET /auth/google sets the state cookie');
  const authorizeUrl = new URL(start.headers.location as string);
  const answer = await fetch(authorizeUrl, { redirect: 'manual' });
  assert.equal(answer.status, 302);
  const back = new URL(answer.headers.get('location') ?? '');
  return { cookie, authorizeUrl, callbackPath: `${back.pathname}${back.search}` };
}

/** Brings the browser back to the app's callback with its cookie (or another one). */
export function finishGoogleSignIn(app: RequestListener, pending: PendingSignIn, cookie = pending.cookie): request.Test {
  return request(app).get(pending.callbackPath).set('Cookie', cookie);
}

/** The whole redirect chain: /auth/google → provider /authorize → /auth/google/callback. */
export async function signInWithGoogle(app: RequestListener): Promise<request.Response> {
  return finishGoogleSignIn(app, await beginGoogleSignIn(app));
}

/** A whole sign-in in redirect mode (OAUTH_SUCCESS_REDIRECT set): the one-time code from the redirect and the browser's code cookie. */
export async function oneTimeCode(app: RequestListener): Promise<{ code: string; cookie: string }> {
  const res = await signInWithGoogle(app);
  assert.equal(res.status, 302, res.text);
  const cookie = setCookie(res, 'oauth_code');
  assert.ok(cookie, 'the callback sets the code cookie');
  return { code: new URL(res.headers.location as string).searchParams.get('code') ?? '', cookie };
}
