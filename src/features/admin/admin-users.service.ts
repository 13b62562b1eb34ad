import mongoose, { type Types } from 'mongoose';
import type { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import type { Outbox } from '../../mail/outbox.js';
import { sendSecurityNotice } from '../../mail/security-notice.js';
import { UserModel, findUserRecord, toUserRecord, type UserDocument, type UserRecord } from '../../models/user.model.js';
import { toUser } from '../../services/user-view.js';
import { pageStart, type PageCursors } from '../../lib/page-cursor.js';
import type { AdminUser as AdminUserSchema, AdminUserPage, ListUsersQuery, UpdateUserBody } from './admin.schemas.js';
import { changeAccount, deleteUser } from '../../services/roles.service.js';
import { turnOffSecondFactors } from '../../services/second-factor.service.js';

const { trusted } = mongoose;

type AdminUser = z.output<typeof AdminUserSchema>;

/** The AdminUser object of the contract: the User plus what only admins see. */
function toAdminUser(user: UserRecord): AdminUser {
  return { ...toUser(user), disabled: user.disabled, last_login_at: user.lastLoginAt?.toISOString() ?? null };
}

function notFound(): AppError {
  return new AppError('NOT_FOUND', 'No user has this id.');
}

/** The query of a page of the listing, below `after`; every condition is served by an index (see the tests' explain check). */
export function listFilter(query: z.output<typeof ListUsersQuery>, after?: Types.ObjectId) {
  return {
    ...(query.role && { role: query.role }),
    ...(query.disabled !== undefined && { disabled: query.disabled }),
    // A range on the stored, lower-cased email: the prefix is compared as a string, never read as a pattern.
    ...(query.email && { email: trusted({ $gte: query.email, $lt: `${query.email}\uffff` }) }),
    // `_id` grows with time: a page continues strictly below the last one, so inserts never shift it.
    ...(after && { _id: trusted({ $lt: after }) }),
  };
}

/** Lists users newest first, one page after `cursor`. Throws VALIDATION_FAILED (a cursor this server did not make). */
export async function listUsers(query: z.output<typeof ListUsersQuery>, cursors: PageCursors): Promise<z.output<typeof AdminUserPage>> {
  const users = await UserModel.find(listFilter(query, pageStart(query.cursor, cursors)))
    .select('+passwordHash')
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .lean<UserDocument[]>();
  const items = users.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((user) => toAdminUser(toUserRecord(user))),
    next_cursor: users.length > query.limit && last ? cursors.after(last._id) : null,
  };
}

async function findUser(id: string): Promise<UserRecord> {
  // A malformed id is just an id no user has.
  const user = /^[0-9a-f]{24}$/.test(id) ? await findUserRecord({ _id: id }) : null;
  if (!user) throw notFound();
  return user;
}

/** One user as admins see it. Throws NOT_FOUND (also for a malformed id). */
export async function getUser(id: string): Promise<AdminUser> {
  return toAdminUser(await findUser(id));
}

/**
 * Changes a user's name, role or disabled flag, or turns their two-step sign-in off (mailing them a
 * notice through `outbox` when it was on). Disabling or demoting revokes every session, access token
 * and mailed link of theirs at once. Throws NOT_FOUND, LAST_ADMIN, and FORBIDDEN when the acting admin
 * (`actor`, a user id) turns off their own second factor: that takes a code (POST /auth/mfa/totp/disable).
 */
export async function updateUser(
  id: string,
  { mfa_enabled: mfaEnabled, ...patch }: z.output<typeof UpdateUserBody>,
  { actor, outbox }: { actor?: string; outbox?: Outbox | undefined } = {},
): Promise<AdminUser> {
  if (mfaEnabled === false && actor === id) {
    throw new AppError('FORBIDDEN', 'Your own second factor goes off with a code, at POST /auth/mfa/totp/disable.');
  }
  const user = await findUser(id);
  await changeAccount(user, patch);
  if (mfaEnabled === false) {
    await turnOffSecondFactors(user._id);
    if (user.mfaEnabled) sendSecurityNotice(outbox, user.email, 'totp-disabled-by-admin');
  }
  return toAdminUser(await findUser(id));
}

/** Deletes the user `id` (an admin action). Throws NOT_FOUND, LAST_ADMIN. */
export async function deleteUserById(id: string): Promise<void> {
  await deleteUser(await findUser(id));
}
