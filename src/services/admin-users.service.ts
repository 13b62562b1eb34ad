import mongoose, { type Types, type UpdateQuery } from 'mongoose';
import type { z } from 'zod';
import type { Role } from '../auth/permissions.js';
import { AppError } from '../errors/app-error.js';
import type { Outbox } from '../mail/outbox.js';
import { sendSecurityNotice } from '../mail/security-notice.js';
import {
  UserModel,
  findUserRecord,
  toAdminUser,
  toUserRecord,
  type AdminUser,
  type UserDocument,
  type UserRecord,
} from '../models/user.model.js';
import type { PageCursors } from '../lib/page-cursor.js';
import { type AdminUserPage, type ListUsersQuery, type UpdateUserBody } from '../schemas/admin.schemas.js';
import { deleteAccountData } from './account-deletion.service.js';
import { revokeEverything } from './session.service.js';
import { removeTotp } from './totp.service.js';

const { trusted } = mongoose;

type StoredUser = Pick<UserRecord, '_id' | 'role' | 'disabled' | 'name'>;

function notFound(): AppError {
  return new AppError('NOT_FOUND', 'No user has this id.');
}

/** `value` as a filter; for a field's default, accounts stored before the field existed match too. */
function storedAs<T>(value: T, fallback: T): T | { $in: (T | null)[] } {
  return value === fallback ? trusted({ $in: [value, null] }) : value;
}

const isEnabledAdmin = (user: Pick<UserRecord, 'role' | 'disabled'>) => user.role === 'admin' && user.disabled !== true;

/** The query of a page of the listing, below `after`; every condition is served by an index (see the tests' explain check). */
export function listFilter(query: z.output<typeof ListUsersQuery>, after?: Types.ObjectId) {
  return {
    ...(query.role && { role: storedAs<Role>(query.role, 'user') }),
    ...(query.disabled !== undefined && { disabled: storedAs(query.disabled, false) }),
    // A range on the stored, lower-cased email: the prefix is compared as a string, never read as a pattern.
    ...(query.email && { email: trusted({ $gte: query.email, $lt: `${query.email}\uffff` }) }),
    // `_id` grows with time: a page continues strictly below the last one, so inserts never shift it.
    ...(after && { _id: trusted({ $lt: after }) }),
  };
}

/** The id a page continues after; VALIDATION_FAILED for a cursor this server did not make. */
function pageStart(cursor: string | undefined, cursors: PageCursors): Types.ObjectId | undefined {
  if (cursor === undefined) return undefined;
  const after = cursors.read(cursor);
  if (after) return after;
  throw new AppError('VALIDATION_FAILED', 'The query string is not valid.', {
    extensions: { errors: [{ path: 'cursor', message: 'must be a next_cursor of an earlier page' }] },
  });
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
 * Applies `change` to an enabled admin, then checks that an enabled admin remains; when none does, it
 * puts the account back and throws LAST_ADMIN. Checking after the write, not before, means two admins
 * retiring each other at once both see "none left" and both get 409: never zero admins.
 */
async function retireAdmin(user: StoredUser, change: UpdateQuery<UserDocument>): Promise<void> {
  await UserModel.updateOne({ _id: user._id }, change);
  if (await UserModel.exists({ role: 'admin', disabled: storedAs(false, false) })) return;
  await UserModel.updateOne({ _id: user._id }, { $set: { name: user.name, role: 'admin', disabled: false } });
  throw new AppError('LAST_ADMIN', 'This is the last enabled admin: promote another admin first.');
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
  const change = { $set: patch };
  const retires = isEnabledAdmin(user) && !isEnabledAdmin({ role: patch.role ?? user.role, disabled: patch.disabled ?? user.disabled });
  if (retires) await retireAdmin(user, change);
  else if (Object.keys(patch).length > 0) await UserModel.updateOne({ _id: user._id }, change);
  if (mfaEnabled === false) {
    await removeTotp(user._id);
    if (user.mfaEnabled) sendSecurityNotice(outbox, user.email, 'totp-disabled-by-admin');
  }
  const demoted = user.role === 'admin' && patch.role === 'user';
  if (demoted || (patch.disabled === true && user.disabled !== true)) await revokeEverything(user._id);
  return toAdminUser(await findUser(id));
}

/** Deletes a user and everything of theirs. Throws LAST_ADMIN for the last enabled admin. */
export async function deleteUser(user: StoredUser): Promise<void> {
  // Disabled first: while the deletion runs, no sign-in, refresh or token of theirs works.
  if (isEnabledAdmin(user)) await retireAdmin(user, { $set: { disabled: true } });
  await deleteAccountData(user._id);
}

/** Deletes the user `id` (an admin action). Throws NOT_FOUND, LAST_ADMIN. */
export async function deleteUserById(id: string): Promise<void> {
  await deleteUser(await findUser(id));
}

/** Gives the account with `email` the role `role` (`npm run user:role`). Throws NOT_FOUND, LAST_ADMIN. */
export async function setRole(email: string, role: Role): Promise<AdminUser> {
  const user = await UserModel.findOne({ email }).lean();
  if (!user) throw new AppError('NOT_FOUND', `No account has the email ${email}.`);
  return updateUser(user._id.toHexString(), { role });
}
