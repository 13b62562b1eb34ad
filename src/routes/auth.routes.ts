import cookieParser from 'cookie-parser';
import type { Request, Response } from 'express';
import { refreshCookie, type RefreshCookie, type RefreshCookieSettings } from '../auth/refresh-cookie.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { originSet } from '../middleware/cors-policy.js';
import type { Limiters } from '../middleware/rate-limits.js';
import { toUser } from '../models/user.model.js';
import {
  ChangePasswordBody,
  LoginBody,
  LogoutBody,
  RefreshBody,
  RegisterBody,
  SignedIn,
  TokenResponse,
  User,
} from '../schemas/auth.schemas.js';
import { changePassword, login, register } from '../services/auth.service.js';
import { logoutEverywhere, revokeSession, rotateRefreshToken, type ClientInfo } from '../services/session.service.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

/** Where the request came from, recorded with the session it starts. */
export function clientInfo(req: Request): ClientInfo {
  return { ip: req.ip, userAgent: req.get('user-agent') };
}

/**
 * Sends a body that carries tokens: never cached (RFC 6749 §5.1). With a cookie (cookie delivery)
 * the refresh token goes into it and never into the body, where a script could read it.
 */
export function sendTokens(res: Response, status: number, body: { refresh_token?: string | undefined }, cookie?: RefreshCookie): void {
  if (cookie && body.refresh_token !== undefined) {
    const { refresh_token: refreshToken, ...rest } = body;
    cookie.set(res, refreshToken);
    body = rest;
  }
  res.status(status).set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(body);
}

/** The cookie settings of a configuration: who may use the refresh-token cookie, and for how long it lives. */
export function cookieSettings(config: Config): RefreshCookieSettings {
  return { env: config.env, refreshTtlSeconds: config.refreshTtlSeconds, allowedOrigins: originSet(config.corsOrigins) };
}

/** The request's refresh-token cookie when it asked for cookie delivery (`"delivery": "cookie"`). */
export function requestedCookie(req: Request<unknown, unknown, { delivery?: string | undefined }>, settings: RefreshCookieSettings) {
  return req.body.delivery === 'cookie' ? refreshCookie(req as Request, settings) : undefined;
}

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
  cookie.assertAllowedOrigin();
  return cookie.value;
}

/** The account requireAuth let through. */
export function authenticated(req: Request): Express.User {
  return req.user as Express.User;
}

/** The password, token and session routes of the contract, behind the contract's abuse limits. */
export function authRoutes(config: Config, limiters: Limiters): RouteSpec[] {
  const cookies = cookieSettings(config);
  return [
    defineRoute({
      method: 'post',
      path: '/auth/register',
      summary: 'Create a password account and sign in',
      before: [limiters.authPerIp],
      body: RegisterBody,
      success: { status: 201, description: 'Registered and signed in', schema: SignedIn },
      errors: ['VALIDATION_FAILED', 'EMAIL_TAKEN', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => sendTokens(res, 201, await register(req.body, clientInfo(req), config), requestedCookie(req, cookies)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in with email and password',
      before: [limiters.authPerIp],
      body: LoginBody,
      after: [limiters.loginFailuresPerEmail],
      success: { status: 200, description: 'Signed in', schema: SignedIn },
      errors: ['VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => sendTokens(res, 200, await login(req.body, clientInfo(req), config), requestedCookie(req, cookies)),
    }),
    defineRoute({
      method: 'get',
      path: '/auth/me',
      summary: 'The signed-in user',
      auth: true,
      success: { status: 200, description: 'The user the access token belongs to', schema: User },
      errors: ['UNAUTHORIZED', 'SERVICE_UNAVAILABLE'],
      handler: (req, res) => res.json(toUser(authenticated(req).account)),
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
      handler: async (req, res) => {
        const cookie = refreshCookie(req, cookies);
        const token = presentedRefreshToken(req.body, cookie);
        // A token that came from the cookie goes back into it: a script must never see it in a body.
        const fromCookie = req.body.refresh_token === undefined;
        try {
          sendTokens(
            res,
            200,
            await rotateRefreshToken(token, clientInfo(req), config),
            fromCookie ? cookie : requestedCookie(req, cookies),
          );
        } catch (error) {
          // A dead cookie is cleared; an outage (503) must not sign the browser out.
          if (fromCookie && error instanceof AppError && error.status === 401) cookie.clear(res);
          throw error;
        }
      },
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
        const cookie = refreshCookie(req, cookies);
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
        await logoutEverywhere(authenticated(req).account._id);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/password',
      summary: 'Change the password; every other session is revoked',
      auth: true,
      body: ChangePasswordBody,
      success: { status: 204, description: 'Changed; refresh to get an access token for the new password' },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'INVALID_CREDENTIALS', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        await changePassword(authenticated(req), req.body, config);
        res.status(204).end();
      },
    }),
  ];
}
