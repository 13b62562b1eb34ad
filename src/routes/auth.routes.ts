import cookieParser from 'cookie-parser';
import type { Request, Response } from 'express';
import { refreshCookie, type RefreshCookie } from '../auth/refresh-cookie.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import type { Limiters } from '../middleware/rate-limits.js';
import { toUser } from '../services/user-view.js';
import {
  ChangePasswordBody,
  LoginBody,
  LogoutBody,
  RefreshBody,
  RegisterBody,
  SignedIn,
  TokenResponse,
  User,
  ReauthenticateBody,
} from '../schemas/auth.schemas.js';
import { changePassword, login, register } from '../services/auth.service.js';
import { reauthenticate } from '../services/reauthentication.service.js';
import { revokeEverything, revokeSession, rotateSession } from '../services/session.service.js';
import { clientInfo, refreshCookiePolicy, principal, requestedCookie, sendTokens } from './route-helpers.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

/**
 * The refresh token a refresh or logout presents: the body's, else the cookie's, which only an allowed
 * origin may use. Throws VALIDATION_FAILED (neither), CSRF_REJECTED.
 */
function presentedRefreshToken(body: { refresh_token?: string | undefined }, cookie: RefreshCookie): string {
  if (body.refresh_token !== undefined) return body.refresh_token;
  if (cookie.value === undefined) {
    throw new AppError('VALIDATION_FAILED', 'The request body is not valid.', {
      extensions: { errors: [{ path: 'refresh_token', message: 'is required (in the body, or as the refresh-token cookie)' }] },
    });
  }
  cookie.assertUsable();
  return cookie.value;
}

/**
 * Rotates the presented refresh token. One that came from the cookie goes back into it (a script must
 * never see it in a body), and a dead one is cleared; an outage (503) must not sign the browser out.
 */
async function refresh(req: Request, res: Response, config: Config): Promise<void> {
  const body = req.body as { refresh_token?: string | undefined };
  const policy = refreshCookiePolicy(config);
  const cookie = refreshCookie(req, policy);
  const fromCookie = body.refresh_token === undefined;
  const token = presentedRefreshToken(body, cookie);
  try {
    const next = await rotateSession(token, clientInfo(req), config);
    sendTokens(res, 200, next, fromCookie ? cookie : requestedCookie(req, policy));
  } catch (error) {
    if (fromCookie && error instanceof AppError && error.status === 401) cookie.clear(res);
    throw error;
  }
}

/** The password, token and session routes of the contract, behind the contract's abuse limits. */
export function authRoutes(config: Config, limiters: Limiters): RouteSpec[] {
  const refreshPolicy = refreshCookiePolicy(config);
  return [
    defineRoute({
      method: 'post',
      path: '/auth/register',
      summary: 'Create a password account and sign in',
      before: [limiters.authPerIp],
      body: RegisterBody,
      success: { status: 201, description: 'Registered and signed in', schema: SignedIn },
      errors: ['VALIDATION_FAILED', 'EMAIL_TAKEN', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) =>
        sendTokens(res, 201, await register(req.body, clientInfo(req), config), requestedCookie(req, refreshPolicy)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in with email and password',
      before: [limiters.authPerIp],
      body: LoginBody,
      after: [limiters.loginFailuresPerEmail],
      success: { status: 200, description: 'Signed in', schema: SignedIn },
      errors: ['VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'MFA_REQUIRED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) =>
        sendTokens(res, 200, await login(req.body, clientInfo(req), config), requestedCookie(req, refreshPolicy)),
    }),
    defineRoute({
      method: 'get',
      path: '/auth/me',
      summary: 'The signed-in user',
      auth: true,
      success: { status: 200, description: 'The user the access token belongs to', schema: User },
      errors: ['UNAUTHORIZED', 'SERVICE_UNAVAILABLE'],
      handler: (req, res) => res.json(toUser(principal(req).user)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/refresh',
      summary: 'Trade a refresh token for new tokens (rotation)',
      before: [limiters.refreshPerIp, cookieParser()],
      body: RefreshBody,
      success: {
        status: 200,
        description: 'New tokens; the refresh token sent is now spent (a cookie is replaced)',
        schema: TokenResponse,
      },
      errors: [
        'VALIDATION_FAILED',
        'INVALID_REFRESH_TOKEN',
        'REFRESH_TOKEN_REUSED',
        'CSRF_REJECTED',
        'RATE_LIMITED',
        'SERVICE_UNAVAILABLE',
      ],
      handler: (req, res) => refresh(req, res, config),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary: "Revoke the session of a refresh token (the body's, else the cookie's, which is cleared)",
      before: [cookieParser()],
      body: LogoutBody,
      success: { status: 204, description: 'Revoked (also for an unknown token)' },
      errors: ['VALIDATION_FAILED', 'CSRF_REJECTED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        const cookie = refreshCookie(req, refreshPolicy);
        await revokeSession(presentedRefreshToken(req.body, cookie));
        if (req.body.refresh_token === undefined) cookie.clear(res);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout-all',
      summary: 'Revoke every session and every access token of the user',
      auth: true,
      success: { status: 204, description: 'Every session revoked' },
      errors: ['UNAUTHORIZED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        await revokeEverything(principal(req).user._id);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/reauthenticate',
      summary: 'Prove who you are again (the password, and a code when MFA is on): new tokens for this session with a fresh auth_time',
      auth: true,
      before: [limiters.authPerIp],
      body: ReauthenticateBody,
      // Wrong passwords and codes spend login's failure budget: a stolen access token is no oracle.
      after: [limiters.loginFailuresPerEmail],
      success: {
        status: 200,
        description: "New tokens of the same session (`sid`); the session's earlier refresh tokens are spent",
        schema: TokenResponse,
      },
      errors: [
        'VALIDATION_FAILED',
        'UNAUTHORIZED',
        'INVALID_CREDENTIALS',
        'INVALID_MFA_CODE',
        'RATE_LIMITED',
        'MFA_NOT_CONFIGURED',
        'SERVICE_UNAVAILABLE',
      ],
      handler: async (req, res) =>
        sendTokens(res, 200, await reauthenticate(principal(req), req.body, clientInfo(req), config), requestedCookie(req, refreshPolicy)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/password',
      summary: 'Change the password; every other session is revoked',
      auth: true,
      body: ChangePasswordBody,
      // A stolen access token must not make current_password an unlimited oracle: login's failure budget.
      after: [limiters.loginFailuresPerEmail],
      success: { status: 204, description: 'Changed; refresh to get an access token for the new password' },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'INVALID_CREDENTIALS', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        await changePassword(principal(req), req.body, config);
        res.status(204).end();
      },
    }),
  ];
}
