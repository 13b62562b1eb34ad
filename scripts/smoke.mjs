#!/usr/bin/env node
// Smoke test against a running server: register → login → me → refresh → logout, checking each
// answer against the HTTP contract. Exits 1 on the first mismatch. It creates one throwaway user.
// Usage: npm run smoke -- https://my-app.herokuapp.com   (or BASE_URL=...; default http://localhost:3000)
import { randomBytes } from 'node:crypto';

const base = (process.argv[2] ?? process.env.BASE_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const email = `smoke-${Date.now()}-${randomBytes(4).toString('hex')}@example.com`;
const password = `smoke ${randomBytes(12).toString('base64url')}`;

class Mismatch extends Error {}

function expect(condition, what) {
  if (!condition) throw new Mismatch(what);
}

async function call(method, path, { body, token } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await res.text();
  let data;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    data = text;
  }
  return { status: res.status, headers: res.headers, data };
}

function expectStatus(res, status, step) {
  expect(res.status === status, `${step}: expected ${status}, got ${res.status} ${JSON.stringify(res.data)}`);
}

function expectTokens(res, step) {
  const { data } = res;
  expect(res.headers.get('cache-control') === 'no-store', `${step}: Cache-Control is not no-store`);
  expect(typeof data?.access_token === 'string' && data.access_token.split('.').length === 3, `${step}: no JWT access_token`);
  expect(data.token_type === 'Bearer', `${step}: token_type is not Bearer`);
  expect(Number.isInteger(data.expires_in) && data.expires_in > 0, `${step}: expires_in is not a positive integer`);
  expect(typeof data.refresh_token === 'string' && data.refresh_token.length >= 43, `${step}: no refresh_token`);
}

const steps = [
  [
    'register',
    async (state) => {
      const res = await call('POST', '/auth/register', { body: { email, password, name: 'Smoke Test' } });
      expectStatus(res, 201, 'register');
      expectTokens(res, 'register');
      expect(res.data.user?.email === email, 'register: user.email differs');
      expect(!('password' in res.data.user) && !('password_hash' in res.data.user), 'register: the user carries a password');
      state.userId = res.data.user.id;
    },
  ],
  [
    'login',
    async (state) => {
      const res = await call('POST', '/auth/login', { body: { email, password } });
      expectStatus(res, 200, 'login');
      expectTokens(res, 'login');
      expect(res.data.user?.id === state.userId, 'login: a different user');
      Object.assign(state, { access: res.data.access_token, refresh: res.data.refresh_token });
    },
  ],
  [
    'me',
    async (state) => {
      const res = await call('GET', '/auth/me', { token: state.access });
      expectStatus(res, 200, 'me');
      expect(res.data?.id === state.userId && res.data.email === email, 'me: not the signed-in user');
      const anonymous = await call('GET', '/auth/me');
      expectStatus(anonymous, 401, 'me without a token');
      expect(/^Bearer/.test(anonymous.headers.get('www-authenticate') ?? ''), 'me without a token: no WWW-Authenticate: Bearer');
    },
  ],
  [
    'refresh',
    async (state) => {
      const res = await call('POST', '/auth/refresh', { body: { refresh_token: state.refresh } });
      expectStatus(res, 200, 'refresh');
      expectTokens(res, 'refresh');
      expect(res.data.refresh_token !== state.refresh, 'refresh: the refresh token was not rotated');
      state.refresh = res.data.refresh_token;
    },
  ],
  [
    'logout',
    async (state) => {
      const res = await call('POST', '/auth/logout', { body: { refresh_token: state.refresh } });
      expectStatus(res, 204, 'logout');
      const after = await call('POST', '/auth/refresh', { body: { refresh_token: state.refresh } });
      expectStatus(after, 401, 'refresh after logout');
    },
  ],
];

console.log(`smoke test against ${base} (user ${email})`);
const state = {};
try {
  for (const [name, run] of steps) {
    await run(state);
    console.log(`  ok  ${name}`);
  }
  console.log('all steps passed');
} catch (error) {
  console.error(`  FAIL ${error instanceof Mismatch ? error.message : `cannot reach ${base}: ${error.cause?.message ?? error.message}`}`);
  process.exitCode = 1;
}
