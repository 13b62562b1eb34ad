import type { Config } from '../config/config.js';
import type { Limiters } from '../middleware/rate-limits.js';
import { toUser } from '../models/user.model.js';
import { ChangePasswordBody, LoginBody, RefreshBody, RegisterBody, SignedIn, TokenResponse, User } from '../schemas/auth.schemas.js';
import { changePassword, login, register } from '../services/auth.service.js';
import { revokeEverything, revokeSession, rotateSession } from '../services/session.service.js';
import { clientInfo, principal, sendTokens } from './route-helpers.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

/** The password, token and session routes of the contract, behind the contract's abuse limits. */
export function authRoutes(config: Config, limiters: Limiters): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/register',
      summary: 'Create a password account and sign in',
      before: [limiters.authPerIp],
      body: RegisterBody,
      success: { status: 201, description: 'Registered and signed in', schema: SignedIn },
      errors: ['VALIDATION_FAILED', 'EMAIL_TAKEN', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => sendTokens(res, 201, await register(req.body, clientInfo(req), config)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in with email and password',
      before: [limiters.authPerIp],
      body: LoginBody,
      after: [limiters.loginFailuresPerEmail],
      success: { status: 200, description: 'Signed in', schema: SignedIn },
      errors: ['VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'MFA_REQUIRED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => sendTokens(res, 200, await login(req.body, clientInfo(req), config)),
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
      before: [limiters.refreshPerIp],
      body: RefreshBody,
      success: { status: 200, description: 'New tokens; the refresh token sent is now spent', schema: TokenResponse },
      errors: ['VALIDATION_FAILED', 'INVALID_REFRESH_TOKEN', 'REFRESH_TOKEN_REUSED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => sendTokens(res, 200, await rotateSession(req.body.refresh_token, clientInfo(req), config)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'Revoke the session of a refresh token',
      body: RefreshBody,
      success: { status: 204, description: 'Revoked (also for an unknown token)' },
      errors: ['VALIDATION_FAILED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        await revokeSession(req.body.refresh_token);
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
