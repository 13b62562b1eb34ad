import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import request from 'supertest';
import type { Response } from 'supertest';
import type { Account } from './factories.js';

/** The REAUTH_MAX_AGE of the step-up suites: long enough that a fresh auth_time (whole seconds) is never stale. */
export const TEST_REAUTH_MAX_AGE_SECONDS = 2;

/** The claims of an access token the API issued. */
export function claimsOf(accessToken: string): { sid: string; iat: number; auth_time: number } {
  return JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()) as {
    sid: string;
    iat: number;
    auth_time: number;
  };
}

/**
 * The session of someone who signed in long ago and kept it alive: waits out the max age, then
 * refreshes, so the new tokens are freshly issued but their auth_time is old.
 */
export async function staleSession(app: RequestListener, account: Account): Promise<Account> {
  await delay(TEST_REAUTH_MAX_AGE_SECONDS * 1000 + 100);
  const res = await request(app).post('/auth/refresh').send({ refresh_token: account.refresh_token });
  assert.equal(res.status, 200, res.text);
  return { ...account, ...(res.body as Pick<Account, 'access_token' | 'refresh_token'>) };
}

/** Asserts the 401 REAUTHENTICATION_REQUIRED of a recent-auth route, with its RFC 9470 §3 challenge. */
export function assertReauthenticationRequired(res: Response, what: string): void {
  assert.equal(res.status, 401, `${what}: ${res.text}`);
  assert.equal(res.body.code, 'REAUTHENTICATION_REQUIRED', what);
  assert.equal(
    res.headers['www-authenticate'],
    `Bearer realm="express-auth-starter", error="insufficient_user_authentication", max_age=${TEST_REAUTH_MAX_AGE_SECONDS}`,
    what,
  );
}
