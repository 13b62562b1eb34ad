import assert from 'node:assert/strict';
import type { Request } from 'express';
import { createCookieStateStore, STATE_COOKIE } from '../../../src/sign-in/authorization-cookie.js';
import { AppError } from '../../../src/errors/app-error.js';

// Not production: Secure comes from the request, which arrived over HTTPS.
const POLICY = { env: 'test' } as const;

interface Stored {
  value: { state: string; nonce: string; verifier: string; issuedAt: number };
  options: Record<string, unknown>;
}

/** Runs store() with a stand-in response and returns the state handed to the provider and the cookie set. */
function store(verifier = 'v'.repeat(43)): { state: string; cookie: Stored } {
  let cookie: Stored | undefined;
  let state: string | undefined;
  const req = {
    secure: true,
    res: { cookie: (_name: string, value: Stored['value'], options: Stored['options']) => (cookie = { value, options }) },
  };
  createCookieStateStore(POLICY, 'google').store(req as unknown as Request, verifier, undefined, {}, (error, handed) => {
    assert.equal(error, null);
    state = handed;
  });
  assert.ok(cookie && state);
  return { state, cookie };
}

function verify(signedCookie: unknown, providedState: unknown): { error: Error | null; verifier: unknown } {
  let outcome: { error: Error | null; verifier: unknown } | undefined;
  const req = { signedCookies: { [STATE_COOKIE]: signedCookie } };
  createCookieStateStore(POLICY, 'google').verify(
    req as unknown as Request,
    providedState,
    (error, verifier) => (outcome = { error, verifier }),
  );
  assert.ok(outcome);
  return outcome;
}

function assertMismatch(outcome: { error: Error | null }): void {
  assert.ok(outcome.error instanceof AppError);
  assert.equal(outcome.error.code, 'OAUTH_STATE_MISMATCH');
}

describe('createCookieStateStore', () => {
  it('store() sets a signed, HttpOnly, SameSite=Lax, Secure (an HTTPS request) cookie of ten minutes on /auth/google', () => {
    const { cookie } = store();
    assert.deepEqual(cookie.options, {
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/auth/google',
      signed: true,
      maxAge: 600_000,
    });
  });

  it('store() gives each authorization request a fresh state and nonce of at least 192 bits', () => {
    const stored = Array.from({ length: 20 }, () => store().cookie.value);
    for (const key of ['state', 'nonce'] as const) {
      const values = new Set(stored.map((value) => value[key]));
      assert.equal(values.size, 20);
      for (const value of values) assert.ok(Buffer.from(value, 'base64url').length >= 24);
    }
  });

  it('verify() hands back the PKCE verifier when the state matches the cookie', () => {
    const { state, cookie } = store('the-verifier-'.padEnd(43, 'x'));
    assert.deepEqual(verify(cookie.value, state), { error: null, verifier: 'the-verifier-'.padEnd(43, 'x') });
  });

  it('verify() refuses a cookie older than ten minutes even if the browser kept it', () => {
    const { state, cookie } = store();
    assertMismatch(verify({ ...cookie.value, issuedAt: Date.now() - 600_001 }, state));
  });

  it('verify() refuses a missing, forged (false) or malformed cookie, and a missing, different or non-string state', () => {
    const { state, cookie } = store();
    for (const bad of [undefined, false, 'j:{}', { state }, { ...cookie.value, nonce: undefined }]) assertMismatch(verify(bad, state));
    for (const bad of [undefined, '', `${state}x`, [state], { state }]) assertMismatch(verify(cookie.value, bad));
  });
});
