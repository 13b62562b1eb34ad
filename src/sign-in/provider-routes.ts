import cookieParser from 'cookie-parser';
import type { Request, RequestHandler, Response } from 'express';
import type { Passport } from 'passport';
import { codeCookie, stateCookie } from './authorization-cookie.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import type { Limiters } from '../middleware/rate-limits.js';
import type { UserRecord } from '../models/user.model.js';
import { SignedIn } from '../schemas/auth.schemas.js';
import { OAuthExchangeBody, ProviderStartQuery } from './sign-in.schemas.js';
import { createOAuthCode, OAUTH_CODE_TTL_SECONDS, redeemOAuthCode } from './sign-in-code.service.js';
import { requireSecondFactor } from '../services/second-factor.service.js';
import { createSession } from '../services/session.service.js';
import { clientInfo, refreshCookiePolicy, requestedCookie, sendTokens } from '../routes/route-helpers.js';
import { defineRoute, type RouteSpec } from '../routes/route-spec.js';
import type { Provider } from './providers.js';

type Authenticator = InstanceType<typeof Passport>;

/** The two routes of one sign-in provider: everything but its strategy is the same for every provider. */
export interface ProviderRoutes {
  readonly provider: Provider;
  /** Its name in summaries and messages ("Google", "GitHub", OIDC_NAME). */
  readonly label: string;
  /** Whether its settings are set: a provider that is off answers 404 OAUTH_NOT_CONFIGURED. */
  readonly configured: boolean;
}

// What passport-oauth2 and its provider strategies fail with when the provider refuses or misbehaves
// (a strategy of another library maps its own errors to OAUTH_DENIED).
const PROVIDER_ERRORS = new Set(['AuthorizationError', 'TokenError', 'InternalOAuthError', 'UserInfoError', 'GooglePlusAPIError']);
const PROVIDER_MESSAGES = new Set(['Failed to obtain access token', 'Failed to parse user profile']);

function toOAuthError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  if (!(PROVIDER_ERRORS.has(error.name) || PROVIDER_MESSAGES.has(error.message))) return error;
  // The cause stays out of the response (and out of the logs: 4xx are not logged), it may quote the provider.
  return new AppError('OAUTH_DENIED', 'The provider did not complete the sign-in.', { cause: error });
}

/**
 * Runs a provider's strategy: resolves with the account on a callback, or with undefined once it has
 * redirected the browser (with `prompt`, when given, in the authorization request).
 */
function authenticate(
  passport: Authenticator,
  provider: Provider,
  req: Request,
  res: Response,
  prompt?: 'login',
): Promise<UserRecord | undefined> {
  return new Promise((resolve, reject) => {
    res.once('finish', () => resolve(undefined));
    const done = (error: unknown, account: UserRecord | false | undefined) => {
      if (error) return reject(toOAuthError(error));
      if (!account) return reject(new AppError('OAUTH_DENIED', 'The sign-in was cancelled or refused at the provider.'));
      return resolve(account);
    };
    const handler = passport.authenticate(provider, { session: false, ...(prompt && { prompt }) }, done) as RequestHandler;
    void handler(req, res, (error?: unknown) => reject(toOAuthError(error)));
  });
}

/** The client's page with `code` added to its query string (a fragment and other parameters are kept). */
function withCode(target: string, code: string): string {
  const url = new URL(target);
  url.searchParams.set('code', code);
  return url.href;
}

/** `GET /auth/<provider>`: the redirect to the provider, with state and PKCE in this browser's cookie. */
function startRoute(
  { provider, label }: ProviderRoutes,
  requireConfigured: RequestHandler,
  limiters: Limiters,
  parseCookies: RequestHandler,
  passport: Authenticator,
): RouteSpec {
  // HEAD is how a page asks "is this sign-in on?" (the demo does, before navigating): it is not
  // counted, since the start stores nothing on the server (state and PKCE live in the browser's cookie).
  const startLimit: RequestHandler = (req, res, next) => (req.method === 'HEAD' ? next() : limiters.authPerIp(req, res, next));
  return defineRoute({
    method: 'get',
    path: `/auth/${provider}`,
    summary: `Start signing in with ${label}: redirects to the provider with state and PKCE (S256)`,
    // An unconfigured server answers 404 before any budget is spent (the sign-in budget is login's too).
    before: [requireConfigured, startLimit, parseCookies],
    query: ProviderStartQuery,
    success: { status: 302, description: "Redirect to the provider's authorization endpoint; sets the signed state cookie" },
    errors: ['VALIDATION_FAILED', 'OAUTH_NOT_CONFIGURED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
    handler: async (req, res) => {
      await authenticate(passport, provider, req, res, req.query.prompt);
    },
  });
}

/** `GET /auth/<provider>/callback`: the account the strategy's mapping found, then the MFA step and tokens, or a one-time code. */
function callbackRoute(
  { provider, label }: ProviderRoutes,
  requireConfigured: RequestHandler,
  config: Config,
  parseCookies: RequestHandler,
  passport: Authenticator,
): RouteSpec {
  return defineRoute({
    method: 'get',
    path: `/auth/${provider}/callback`,
    summary: `Finish signing in with ${label}: tokens, or a redirect to OAUTH_SUCCESS_REDIRECT with a one-time code`,
    before: [requireConfigured, parseCookies],
    success: { status: 200, description: 'Signed in (without OAUTH_SUCCESS_REDIRECT)', schema: SignedIn },
    redirect: 'With OAUTH_SUCCESS_REDIRECT: there, with `?code=<one-time code>` (single use, 60 s) to trade at POST /auth/oauth/exchange',
    errors: [
      'OAUTH_NOT_CONFIGURED',
      'OAUTH_STATE_MISMATCH',
      'OAUTH_DENIED',
      'INVALID_CREDENTIALS',
      'EMAIL_NOT_VERIFIED',
      'ACCOUNT_DISABLED',
      'MFA_REQUIRED',
      'SERVICE_UNAVAILABLE',
    ],
    handler: async (req, res) => {
      stateCookie(req, config, provider).clear(res);
      if (typeof req.query.code !== 'string' && typeof req.query.error !== 'string') {
        throw new AppError('OAUTH_DENIED', 'The provider sent no authorization code.');
      }
      const account = await authenticate(passport, provider, req, res);
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
  });
}

/**
 * `GET /auth/<provider>` and its callback, for a strategy registered under the provider's name
 * (`passport.use`): the same two routes for every provider (src/sign-in/provider-feature.ts).
 */
export function providerRoutes(routes: ProviderRoutes, config: Config, passport: Authenticator, limiters: Limiters): RouteSpec[] {
  const parseCookies = cookieParser(config.cookieSecret);
  const requireConfigured: RequestHandler = (_req, _res, next) => {
    if (!routes.configured) throw new AppError('OAUTH_NOT_CONFIGURED', `${routes.label} sign-in is not configured on this server.`);
    next();
  };
  return [
    startRoute(routes, requireConfigured, limiters, parseCookies, passport),
    callbackRoute(routes, requireConfigured, config, parseCookies, passport),
  ];
}

/** The one-time code exchange every provider's redirect ends in (core: it serves whichever providers are on). */
export function exchangeRoutes(config: Config): RouteSpec[] {
  const parseCookies = cookieParser(config.cookieSecret);
  const refreshPolicy = refreshCookiePolicy(config);
  return [
    defineRoute({
      method: 'post',
      path: '/auth/oauth/exchange',
      summary: 'Trade the one-time code of a provider sign-in for tokens, from the browser the sign-in finished in',
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
