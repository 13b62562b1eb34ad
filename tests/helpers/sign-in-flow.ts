import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';

/** What a browser holds between leaving for the provider and coming back. */
export interface PendingSignIn {
  /** The `Cookie` header the browser would send back (the signed state cookie). */
  readonly cookie: string;
  /** The URL the app redirected to. */
  readonly authorizeUrl: URL;
  /** Path and query of the callback the provider redirected back to. */
  readonly callbackPath: string;
}

/** How a test gets from the provider's authorization URL to the callback URL it redirects back to. */
export type FollowProvider = (authorizeUrl: URL) => Promise<URL>;

/** The `name=value` part of the cookie `name` set by a response, if any. */
export function setCookie(res: request.Response, name: string): string | undefined {
  const headers = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return headers.find((header) => header.startsWith(`${name}=`))?.split(';')[0];
}

/** A provider that answers /authorize with one redirect straight back (the Google test provider, the GitHub stub). */
export const followOnce: FollowProvider = async (authorizeUrl) => {
  const answer = await fetch(authorizeUrl, { redirect: 'manual' });
  assert.ok(answer.status >= 300 && answer.status < 400, `the provider answered ${answer.status}`);
  return new URL(answer.headers.get('location') ?? '');
};

/**
 * Follows a real provider's redirects (its login and consent steps set cookies) until one leaves it,
 * keeping its cookies as a browser would (by name: enough for one provider on one host).
 */
export function followRedirects(maxHops = 10): FollowProvider {
  return async (authorizeUrl) => {
    const jar = new Map<string, string>();
    let url = authorizeUrl;
    for (let hop = 0; hop < maxHops; hop += 1) {
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      const answer = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      for (const header of answer.headers.getSetCookie()) {
        const [pair = ''] = header.split(';');
        const at = pair.indexOf('=');
        jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
      const location = answer.headers.get('location');
      assert.ok(location, `the provider answered ${answer.status} at ${url.pathname}: ${await answer.text()}`);
      const next = new URL(location, url);
      if (next.origin !== authorizeUrl.origin) return next;
      url = next;
    }
    throw new Error('the provider never redirected back');
  };
}

/** GET /auth/<provider>, then the provider's pages (real HTTP requests), stopping before the callback. */
export async function beginSignIn(app: RequestListener, provider: string, follow: FollowProvider): Promise<PendingSignIn> {
  const start = await request(app).get(`/auth/${provider}`);
  assert.equal(start.status, 302, start.text);
  const cookie = setCookie(start, 'oauth_state');
  assert.ok(cookie, `GET /auth/${provider} sets the state cookie`);
  const authorizeUrl = new URL(start.headers.location as string);
  const back = await follow(authorizeUrl);
  return { cookie, authorizeUrl, callbackPath: `${back.pathname}${back.search}` };
}

/** Brings the browser back to the app's callback with its cookie (or another one). */
export function finishSignIn(app: RequestListener, pending: PendingSignIn, cookie = pending.cookie): request.Test {
  return request(app).get(pending.callbackPath).set('Cookie', cookie);
}

/** The whole redirect chain: /auth/<provider> → the provider → /auth/<provider>/callback. */
export async function signInWith(app: RequestListener, provider: string, follow: FollowProvider): Promise<request.Response> {
  return finishSignIn(app, await beginSignIn(app, provider, follow));
}

/** A whole sign-in in redirect mode (OAUTH_SUCCESS_REDIRECT set): the one-time code from the redirect and the browser's code cookie. */
export async function oneTimeCodeWith(
  app: RequestListener,
  provider: string,
  follow: FollowProvider,
): Promise<{ code: string; cookie: string }> {
  const res = await signInWith(app, provider, follow);
  assert.equal(res.status, 302, res.text);
  const cookie = setCookie(res, 'oauth_code');
  assert.ok(cookie, 'the callback sets the code cookie');
  return { code: new URL(res.headers.location as string).searchParams.get('code') ?? '', cookie };
}
