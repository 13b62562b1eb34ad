import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { AppError } from '../../errors/app-error.js';

/** The cookie that binds an authorization request (state and PKCE verifier) to the browser that started it. */
export const STATE_COOKIE = 'oauth_state';
const STATE_TTL_MS = 10 * 60 * 1000;

interface PendingAuthorization {
  readonly state: string;
  readonly verifier: string;
  readonly issuedAt: number;
}

type StoreCallback = (error: Error | null, state?: string) => void;
type VerifyCallback = (error: Error | null, verifier?: string | false) => void;

/** The PKCE-aware state store interface of passport-oauth2 (its `store` takes five arguments). */
export interface CookieStateStore {
  store(req: Request, verifier: string, state: unknown, meta: unknown, callback: StoreCallback): void;
  verify(req: Request, providedState: unknown, callback: VerifyCallback): void;
}

function isPending(value: unknown): value is PendingAuthorization {
  if (typeof value !== 'object' || value === null) return false;
  const { state, verifier, issuedAt } = value as Record<string, unknown>;
  return typeof state === 'string' && typeof verifier === 'string' && typeof issuedAt === 'number';
}

function sameState(expected: string, provided: unknown): boolean {
  if (typeof provided !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}

function mismatch(detail: string): AppError {
  return new AppError('OAUTH_STATE_MISMATCH', detail);
}

/** The state cookie's attributes: Secure whenever the callback is served over HTTPS. */
function stateCookieOptions(callbackUrl: string): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: new URL(callbackUrl).protocol === 'https:', path: '/auth/google', signed: true };
}

/**
 * The cookie that binds a one-time sign-in code to the browser the sign-in finished in: only that
 * browser can trade the code (an attacker's own code, slipped to a victim, signs nobody in). Sent only
 * to the exchange; cross-site (SameSite=None) when served over HTTPS, so that an SPA on an allowed
 * origin can send it with `credentials: 'include'`.
 */
export const CODE_COOKIE = 'oauth_code';

/** The code cookie's attributes: as long-lived as the code, signed, HttpOnly. */
export function codeCookieOptions(callbackUrl: string, maxAgeMs: number): CookieOptions {
  const secure = new URL(callbackUrl).protocol === 'https:';
  return { httpOnly: true, sameSite: secure ? 'none' : 'lax', secure, path: '/auth/oauth/exchange', signed: true, maxAge: maxAgeMs };
}

/** Removes the code cookie: a code is traded once. */
export function clearCodeCookie(res: Response, callbackUrl: string): void {
  const { signed: _signed, maxAge: _maxAge, ...options } = codeCookieOptions(callbackUrl, 0);
  res.clearCookie(CODE_COOKIE, options);
}

/** Removes the state cookie: an authorization request is answered once. */
export function clearStateCookie(res: Response, callbackUrl: string): void {
  const { signed: _signed, ...options } = stateCookieOptions(callbackUrl);
  res.clearCookie(STATE_COOKIE, options);
}

/**
 * A passport-oauth2 state store without a server session: state and PKCE verifier live in a
 * signed, HttpOnly, SameSite=Lax cookie for ten minutes (requires cookie-parser with a secret).
 * Verification fails with OAUTH_STATE_MISMATCH on a missing, forged, expired or different state.
 */
export function createCookieStateStore(callbackUrl: string): CookieStateStore {
  const options = stateCookieOptions(callbackUrl);
  return {
    store(req, verifier, _state, _meta, callback) {
      if (!req.res) return callback(new TypeError('the state store needs an Express request'));
      const pending: PendingAuthorization = { state: randomBytes(24).toString('base64url'), verifier, issuedAt: Date.now() };
      req.res.cookie(STATE_COOKIE, pending, { ...options, maxAge: STATE_TTL_MS });
      return callback(null, pending.state);
    },
    verify(req, providedState, callback) {
      const pending: unknown = (req.signedCookies as Record<string, unknown> | undefined)?.[STATE_COOKIE];
      if (!isPending(pending)) return callback(mismatch('This sign-in was not started in this browser, or its cookie was altered.'));
      // The browser honours maxAge, but a copied cookie would not: the signed timestamp decides.
      if (Date.now() - pending.issuedAt > STATE_TTL_MS) return callback(mismatch('This sign-in took too long; start again.'));
      if (!sameState(pending.state, providedState)) return callback(mismatch('The state does not match the one this browser was given.'));
      return callback(null, pending.verifier);
    },
  };
}
