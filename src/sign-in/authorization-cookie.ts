import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Metadata, StateStore, StateStoreVerifyCallback } from 'passport-oauth2';
import { AppError } from '../errors/app-error.js';
import { requestCookie, type CookieDefinition, type CookiePolicy, type RequestCookie } from '../http/cookies.js';

/** The cookie that binds an authorization request (state, nonce and PKCE verifier) to the browser that started it. */
export const STATE_COOKIE = 'oauth_state';
const STATE_TTL_MS = 10 * 60 * 1000;

/** What the browser keeps between leaving for the provider and coming back: the provider checks none of it, we do. */
export interface PendingAuthorization {
  readonly state: string;
  /** The OpenID Connect nonce the ID token must carry (binds the ID token to this browser's request). */
  readonly nonce: string;
  readonly verifier: string;
  readonly issuedAt: number;
}

function isPending(value: unknown): value is PendingAuthorization {
  if (typeof value !== 'object' || value === null) return false;
  const { state, nonce, verifier, issuedAt } = value as Record<string, unknown>;
  return typeof state === 'string' && typeof nonce === 'string' && typeof verifier === 'string' && typeof issuedAt === 'number';
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

/** The state cookie of a request to `/auth/<provider>` (each provider's cookie reaches only its own two routes). */
export function stateCookie(req: Request, policy: CookiePolicy, provider: string): RequestCookie {
  const definition: CookieDefinition = {
    name: STATE_COOKIE,
    path: `/auth/${provider}`,
    sameSite: 'lax',
    maxAgeSeconds: STATE_TTL_MS / 1000,
    signed: true,
  };
  return requestCookie(req, definition, policy);
}

/**
 * Starts an authorization request: a fresh `state` and `nonce` (and the PKCE verifier given) kept in a
 * signed, HttpOnly, SameSite=Lax cookie for ten minutes, with no server session (requires cookie-parser
 * with a secret on the route).
 */
export function beginAuthorization(
  req: Request,
  res: Response,
  policy: CookiePolicy,
  provider: string,
  verifier: string,
): PendingAuthorization {
  const random = () => randomBytes(24).toString('base64url');
  const pending: PendingAuthorization = { state: random(), nonce: random(), verifier, issuedAt: Date.now() };
  stateCookie(req, policy, provider).set(res, pending);
  return pending;
}

/**
 * The pending authorization of this browser, if `providedState` (the callback's) is its state. Throws
 * OAUTH_STATE_MISMATCH on a missing, forged, expired or different state.
 */
export function finishAuthorization(req: Request, policy: CookiePolicy, provider: string, providedState: unknown): PendingAuthorization {
  const pending = stateCookie(req, policy, provider).sent;
  if (!isPending(pending)) throw mismatch('This sign-in was not started in this browser, or its cookie was altered.');
  // The browser honours maxAge, but a copied cookie would not: the signed timestamp decides.
  if (Date.now() - pending.issuedAt > STATE_TTL_MS) throw mismatch('This sign-in took too long; start again.');
  if (!sameState(pending.state, providedState)) throw mismatch('The state does not match the one this browser was given.');
  return pending;
}

type StoreCallback = (error: Error | null, state?: string) => void;
/** How the PKCE path of passport-oauth2 reads verify's answer: `ok` is the verifier (lib/strategy.js: `typeof ok == 'string'`). */
type PkceVerifyCallback = (error: Error | null, verifier?: string | false) => void;

/**
 * The PKCE-aware state store interface of passport-oauth2: `store` takes five arguments, and `verify`
 * hands back the verifier. Its typings know only the older calls, which these signatures accept too,
 * so a CookieStateStore is a StateStore.
 */
export interface CookieStateStore extends StateStore {
  store(req: Request, verifier: unknown, state?: unknown, meta?: unknown, callback?: StoreCallback): void;
  verify(req: Request, providedState: unknown, callback: StateStoreVerifyCallback | Metadata): void;
}

/** beginAuthorization and finishAuthorization as the state store of a passport-oauth2 strategy (state and PKCE). */
export function createCookieStateStore(policy: CookiePolicy, provider: string): CookieStateStore {
  return {
    // passport-oauth2 picks the PKCE call, store(req, verifier, state, meta, callback), by this arity (5);
    // the parameters its typings know for the other calls are typed to accept them, and refused.
    store(req: Request, verifier: unknown, _state?: unknown, _meta?: unknown, callback?: StoreCallback) {
      if (typeof verifier !== 'string' || !callback) throw new TypeError('the state store serves PKCE only');
      if (!req.res) return callback(new TypeError('the state store needs an Express request'));
      return callback(null, beginAuthorization(req, req.res, policy, provider, verifier).state);
    },
    // verify(req, state, callback): arity 3; the four-argument call of the typings (with `meta`) is refused.
    verify(req: Request, providedState: unknown, verified: StateStoreVerifyCallback | Metadata) {
      if (typeof verified !== 'function') throw new TypeError('the state store takes no metadata');
      // The typings say `ok: boolean`; the PKCE path hands the verifier on as `ok` (the one narrow cast).
      const callback = verified as PkceVerifyCallback;
      try {
        return callback(null, finishAuthorization(req, policy, provider, providedState).verifier);
      } catch (error) {
        return callback(error as AppError);
      }
    },
  };
}

/**
 * The cookie that binds a one-time sign-in code to the browser the sign-in finished in: only that
 * browser can trade the code (an attacker's own code, slipped to a victim, signs nobody in). Sent only
 * to the exchange; cross-site (SameSite=None) when Secure, so that an SPA on an allowed
 * origin can send it with `credentials: 'include'`. As long-lived as the code, signed, HttpOnly.
 */
export const CODE_COOKIE = 'oauth_code';

/** The code cookie of a request (see CODE_COOKIE). */
export function codeCookie(req: Request, policy: CookiePolicy, maxAgeSeconds: number): RequestCookie {
  return requestCookie(
    req,
    { name: CODE_COOKIE, path: '/auth/oauth/exchange', sameSite: 'cross-site', maxAgeSeconds, signed: true },
    policy,
  );
}
