import cookieParser from 'cookie-parser';
import type { Request, RequestHandler, Response } from 'express';
import type { Passport } from 'passport';
import { codeCookie, stateCookie } from './oauth-state-store.js';
import type { Config } from '../../config/config.js';
import type { GoogleConfig } from '../../config/google.config.js';
import { AppError } from '../../errors/app-error.js';
import type { Limiters } from '../../middleware/rate-limits.js';
import type { UserRecord } from '../../models/user.model.js';
import { SignedIn } from '../../schemas/auth.schemas.js';
import { GoogleStartQuery, OAuthExchangeBody } from './oauth.schemas.js';
import { createOAuthCode, OAUTH_CODE_TTL_SECONDS, redeemOAuthCode } from './oauth-code.service.js';
import { requireSecondFactor } from '../../services/second-factor.service.js';
import { createSession } from '../../services/session.service.js';
import { clientInfo, refreshCookiePolicy, requestedCookie, sendTokens } from '../../routes/route-helpers.js';
import { defineRoute, type RouteSpec } from '../../routes/route-spec.js';

type Authenticator = InstanceType<typeof Passport>;

// What passport-oauth2 and passport-google-oauth20 fail with when the provider refuses or misbehaves.
const PROVIDER_ERRORS = new Set(['AuthorizationError', 'TokenError', 'InternalOAuthError', 'UserInfoError', 'GooglePlusAPIError']);
const PROVIDER_MESSAGES = new Set(['Failed to obtain access token', 'Failed to parse user profile']);

function configured(config: Config): GoogleConfig {
  if (!config.google) throw new AppError('OAUTH_NOT_CONFIGURED', 'Google sign-in is not configured on this server.');
  return config.google;
}

function toOAuthError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  if (!(PROVIDER_ERRORS.has(error.name) || PROVIDER_MESSAGES.has(error.message))) return error;
  // The cause stays out of the response (and out of the logs: 4xx are not logged), it may quote the provider.
  return new AppError('OAUTH_DENIED', 'The provider did not complete the sign-in.', { cause: error });
}

/**
 * Runs the Google strategy: resolves with the account on a callback, or with undefined once it has
 * redirected the browser (with `prompt`, when given, in the authorization request).
 */
function authenticateGoogle(passport: Authenticator, req: Request, res: Response, prompt?: 'login'): Promise<UserRecord | undefined> {
  return new Promise((resolve, reject) => {
    res.once('finish', () => resolve(undefined));
    const done = (error: unknown, account: UserRecord | false | undefined) => {
      if (error) return reject(toOAuthError(error));
      if (!account) return reject(new AppError('OAUTH_DENIED', 'The sign-in was cancelled or refused at the provider.'));
      return resolve(account);
    };
    const authenticate = passport.authenticate('google', { session: false, ...(prompt && { prompt }) }, done) as RequestHandler;
    void authenticate(req, res, (error?: unknown) => reject(toOAuthError(error)));
  });
}

/** The client's page with `code` added to its query string (a fragment and other parameters are kept). */
function withCode(target: string, code: string): string {
  const url = new URL(target);
  url.searchParams.set('code', code);
  return url.href;
}

/** Google sign-in (authorization code + PKCE) and the one-time code exchange of the contract. */
export function oauthRoutes(config: Config, passport: Authenticator, limiters: Limiters): RouteSpec[] {
  const parseCookies = cookieParser(config.cookieSecret);
  const refreshPolicy = refreshCookiePolicy(config);
  // An unconfigured server answers 404 before any budget is spent (the sign-in budget is login's too).
  const googleConfigured: RequestHandler = (_req, _res, next) => {
    configured(config);
    next();
  };
  // HEAD is how a page asks "is Google sign-in on?" (the demo does, before navigating): it is not
  // counted, since the start stores nothing on the server (state and PKCE live in the browser's cookie).
  const startLimit: RequestHandler = (req, res, next) => (req.method === 'HEAD' ? next() : limiters.authPerIp(req, res, next));
  return [
    defineRoute({
      method: 'get',
      path: '/auth/google',
      summary: 'Start a Google sign-in: redirects to the provider with state and PKCE (S256)',
      before: [googleConfigured, startLimit, parseCookies],
      query: GoogleStartQuery,
      success: { status: 302, description: "Redirect to the provider's authorization endpoint; sets the signed state cookie" },
      errors: ['VALIDATION_FAILED', 'OAUTH_NOT_CONFIGURED', 'RATE_LIMITED'],
      handler: async (req, res) => {
        await authenticateGoogle(passport, req, res, req.query.prompt);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/auth/google/callback',
      summary: 'Finish a Google sign-in: tokens, or a redirect to OAUTH_SUCCESS_REDIRECT with a one-time code',
      before: [parseCookies],
      success: {
        status: 200,
        description: 'Signed in (without OAUTH_SUCCESS_REDIRECT)',
        schema: SignedIn,
      },
      redirect: 'With OAUTH_SUCCESS_REDIRECT: there, with `?code=<one-time code>` (single use, 60 s) to trade at POST /auth/oauth/exchange',
      errors: [
        'OAUTH_NOT_CONFIGURED',
        'OAUTH_STATE_MISMATCH',
        'OAUTH_DENIED',
        'INVALID_CREDENTIALS',
        'ACCOUNT_DISABLED',
        'MFA_REQUIRED',
        'SERVICE_UNAVAILABLE',
      ],
      handler: async (req, res) => {
        configured(config);
        stateCookie(req, config).clear(res);
        if (typeof req.query.code !== 'string' && typeof req.query.error !== 'string') {
          throw new AppError('OAUTH_DENIED', 'The provider sent no authorization code.');
        }
        const account = await authenticateGoogle(passport, req, res);
        if (!account) return;
        if (!config.oauthSuccessRedirect) {
          await requireSecondFactor(account);
          return sendTokens(res, 200, await createSession(account, clientInfo(req), config));
        }
        // Tokens never travel in a URL: the browser carries a short-lived code the client trades at /auth/oauth/exchange.
        const { code, binding } = await createOAuthCode(account._id);
        codeCookie(req, config, OAUTH_CODE_TTL_SECONDS).set(res, binding);
        return res.set('Cache-Control', 'no-store').redirect(302, withCode(config.oauthSuccessRedirect, code));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/oauth/exchange',
      summary: 'Trade the one-time code of a Google sign-in for tokens, from the browser the sign-in finished in',
      before: [parseCookies],
      body: OAuthExchangeBody,
      success: { status: 200, description: 'Signed in; the code is now spent', schema: SignedIn },
      errors: ['VALIDATION_FAILED', 'INVALID_OAUTH_CODE', 'INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'MFA_REQUIRED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        const binding = codeCookie(req, config, OAUTH_CODE_TTL_SECONDS);
        const signedIn = await redeemOAuthCode(req.body.code, binding.sent, clientInfo(req), config);
        binding.clear(res);
        sendTokens(res, 200, signedIn, requestedCookie(req, refreshPolicy));
      },
    }),
  ];
}
