import type { Config } from '../config/config.js';
import type { Limiters } from '../middleware/rate-limits.js';
import { DeleteAccountBody, UpdateMeBody, User } from '../schemas/auth.schemas.js';
import { deleteOwnAccount, rename } from '../services/profile.service.js';
import { principal } from './route-helpers.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

/** What the signed-in user changes about their own account: the name, or the account's existence. */
export function profileRoutes(config: Config, limiters: Limiters): RouteSpec[] {
  return [
    defineRoute({
      method: 'patch',
      path: '/auth/me',
      summary: "Change the signed-in user's name",
      auth: true,
      body: UpdateMeBody,
      success: { status: 200, description: 'The user after the change', schema: User },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => res.json(await rename(principal(req), req.body.name)),
    }),
    defineRoute({
      method: 'delete',
      path: '/auth/me',
      summary: 'Delete the account with everything of it (a password account confirms with its password)',
      auth: true,
      recentAuth: true,
      body: DeleteAccountBody,
      // A wrong password counts against the account like a failed sign-in.
      after: [limiters.loginFailuresPerEmail],
      success: { status: 204, description: 'Deleted; its access and refresh tokens stopped working' },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'INVALID_CREDENTIALS', 'LAST_ADMIN', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        await deleteOwnAccount(principal(req), req.body, config);
        res.status(204).end();
      },
    }),
  ];
}
