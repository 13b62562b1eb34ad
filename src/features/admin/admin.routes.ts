import type { z } from 'zod';
import type { Config } from '../../config/config.js';
import { pageCursors } from '../../lib/page-cursor.js';
import type { Outbox } from '../../mail/outbox.js';
import { AdminUser, AdminUserPage, ListUsersQuery, UpdateUserBody } from './admin.schemas.js';
import { audited } from '../../logging/audit.js';
import { deleteUserById, getUser, listUsers, updateUser } from './admin-users.service.js';
import { principal } from '../../routes/route-helpers.js';
import { defineRoute, type RouteSpec } from '../../routes/route-spec.js';

// A renaming is bookkeeping; a role, a disabled flag or a second factor decides who gets in.
const changesAccess = (body: z.output<typeof UpdateUserBody>) =>
  body.role !== undefined || body.disabled !== undefined || body.mfa_enabled !== undefined;

/**
 * The admin user API: each route names its permission, which the router checks before anything else.
 * Turning a user's two-step sign-in off mails them a notice, when `outbox` is there.
 */
export function adminRoutes(config: Pick<Config, 'pageCursorKey'>, outbox: Outbox | undefined): RouteSpec[] {
  const cursors = pageCursors(config.pageCursorKey);
  return [
    defineRoute({
      method: 'get',
      path: '/admin/users',
      summary: 'List users, newest first, a page at a time',
      permission: 'users:read',
      query: ListUsersQuery,
      success: { status: 200, description: 'A page of users; `next_cursor` continues it (null on the last page)', schema: AdminUserPage },
      errors: ['VALIDATION_FAILED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => res.json(await listUsers(req.query, cursors)),
    }),
    defineRoute({
      method: 'get',
      path: '/admin/users/:id',
      summary: 'One user',
      permission: 'users:read',
      success: { status: 200, description: 'The user', schema: AdminUser },
      errors: ['NOT_FOUND', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => res.json(await getUser(req.params.id ?? '')),
    }),
    defineRoute({
      method: 'patch',
      path: '/admin/users/:id',
      summary:
        "Change a user's name, role or disabled flag, or turn their second factor off; disabling or demoting signs them out everywhere at once. A change of role, disabled or mfa_enabled needs a recent authentication of the acting admin",
      permission: 'users:write',
      body: UpdateUserBody,
      recentAuth: changesAccess,
      success: { status: 200, description: 'The user after the change', schema: AdminUser },
      errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'LAST_ADMIN', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        const entry = { actor: actorOf(req), action: 'users.update', target: req.params.id ?? '', changes: req.body } as const;
        res.json(await audited(req.log, entry, () => updateUser(entry.target, req.body, { actor: entry.actor, outbox })));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/admin/users/:id',
      summary: 'Delete a user with every session, token and code of theirs',
      permission: 'users:write',
      recentAuth: true,
      success: { status: 204, description: 'Deleted' },
      errors: ['NOT_FOUND', 'LAST_ADMIN', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        const entry = { actor: actorOf(req), action: 'users.delete', target: req.params.id ?? '' } as const;
        await audited(req.log, entry, () => deleteUserById(entry.target));
        res.status(204).end();
      },
    }),
  ];
}

function actorOf(req: Parameters<typeof principal>[0]): string {
  return principal(req).user._id.toHexString();
}
