import type { Request } from 'autocannon';
import { signAccessToken } from '../../src/auth/access-token.js';
import type { Config } from '../../src/config/config.js';
import { BENCH_PASSWORD, accessTokens, refreshTokens, spread, type Seed } from './seed.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
const TOKENS_PER_RUN = 1000;

/** GET /auth/me, each request as one of many users drawn across the whole seed. */
export function meRequest(seed: Seed, jwt: Config['jwt']): Request {
  const tokens = accessTokens(seed, TOKENS_PER_RUN, jwt);
  let next = 0;
  return {
    method: 'GET',
    path: '/auth/me',
    setupRequest: (request) => {
      next = (next + 1) % tokens.length;
      return { ...request, headers: { authorization: `Bearer ${tokens[next] ?? ''}` } };
    },
  };
}

/** GET /admin/users?limit=20 as seeded user 0, whom the bench made an admin: the newest page, read through the `_id` index. */
export function adminListRequest(seed: Seed, jwt: Config['jwt']): Request {
  const admin = seed.userIds[0]?.toHexString() ?? '';
  const { token } = signAccessToken(
    { userId: admin, tokenVersion: 0, sessionId: seed.sessionIds[0] ?? '', authTime: Math.floor(Date.now() / 1000) },
    jwt,
  );
  return { method: 'GET', path: '/admin/users?limit=20', headers: { authorization: `Bearer ${token}` } };
}

/** POST /auth/login with the right password, each request as a user drawn across the whole seed. */
export function loginRequest(seed: Seed): Request {
  const emails = spread(seed, TOKENS_PER_RUN).map((i) => seed.email(i));
  let next = 0;
  return {
    method: 'POST',
    path: '/auth/login',
    headers: JSON_HEADERS,
    setupRequest: (request) => {
      next = (next + 1) % emails.length;
      return { ...request, body: JSON.stringify({ email: emails[next], password: BENCH_PASSWORD }) };
    },
  };
}

/**
 * POST /auth/refresh: each request spends an unspent token, and each answer's new token goes back in
 * the pool (a token is sent once, so reuse detection never fires). The pool starts with more seeded
 * sessions than connections, drawn across the whole seed.
 */
export function refreshRequest(seed: Seed, connections: number): Request {
  const pool = refreshTokens(seed, connections * 2);
  return {
    method: 'POST',
    path: '/auth/refresh',
    headers: JSON_HEADERS,
    setupRequest: (request) => ({ ...request, body: JSON.stringify({ refresh_token: pool.pop() }) }),
    onResponse: (status, body) => {
      if (status === 200) pool.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
    },
  };
}

/**
 * Waits until the server has worked off the logins of a stopped run (stopping the load closes its
 * connections, not the hashing they queued): done when one login answers within twice one hash's time.
 */
export async function drainLogins(origin: string, seed: Seed, hashMs: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const [index] = spread(seed, 1) as [number];
  while (Date.now() < deadline) {
    const started = performance.now();
    const res = await fetch(`${origin}/auth/login`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ email: seed.email(index), password: BENCH_PASSWORD }),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`drain: POST /auth/login answered ${res.status}`);
    if (performance.now() - started < 2 * hashMs) return;
  }
  // A loaded machine can keep every login slower than that: go on, and say the next run may be slowed.
  console.warn(
    `  drain: logins still slower than ${(2 * hashMs).toFixed(0)} ms after ${timeoutMs / 1000} s; the next run may wait behind them`,
  );
}

/** The ceiling's one indexed findById, each request for a user drawn across the whole seed. */
export function ceilingRequest(seed: Seed): Request {
  const ids = spread(seed, TOKENS_PER_RUN).map((i) => seed.userIds[i]?.toHexString() ?? '');
  let next = 0;
  return {
    method: 'GET',
    path: '/user',
    setupRequest: (request) => {
      next = (next + 1) % ids.length;
      return { ...request, path: `/user/${ids[next] ?? ''}` };
    },
  };
}
