// The rules every app keeps about roles, whether the admin API is installed or not: there is always an
// enabled admin, and an account that loses its role or is disabled loses every session at once.
import type { UpdateQuery } from 'mongoose';
import type { Role } from '../auth/permissions.js';
import { AppError } from '../errors/app-error.js';
import { UserModel, type UserDocument, type UserRecord } from '../models/user.model.js';
import { type User } from './user-view.js';
import { deleteAccountData } from './account-deletion.service.js';
import { revokeEverything } from './session.service.js';

type StoredUser = Pick<UserRecord, '_id' | 'role' | 'disabled' | 'name'>;

/** What an admin (or `npm run user:role`) may change of an account. */
export interface AccountChange {
  readonly name?: string | null | undefined;
  readonly role?: Role | undefined;
  readonly disabled?: boolean | undefined;
}

const isEnabledAdmin = (user: Pick<UserRecord, 'role' | 'disabled'>) => user.role === 'admin' && !user.disabled;

/**
 * Applies `change` to an enabled admin, then checks that an enabled admin remains; when none does, it
 * puts the account back and throws LAST_ADMIN. Checking after the write, not before, means two admins
 * retiring each other at once both see "none left" and both get 409: never zero admins.
 */
async function retireAdmin(user: StoredUser, change: UpdateQuery<UserDocument>): Promise<void> {
  await UserModel.updateOne({ _id: user._id }, change);
  if (await UserModel.exists({ role: 'admin', disabled: false })) return;
  await UserModel.updateOne({ _id: user._id }, { $set: { name: user.name, role: 'admin', disabled: false } });
  throw new AppError('LAST_ADMIN', 'This is the last enabled admin: promote another admin first.');
}

/** Changes an account's name, role or disabled flag; demoting or disabling revokes everything of theirs. Throws LAST_ADMIN. */
export async function changeAccount(user: StoredUser, patch: AccountChange): Promise<void> {
  const change = { $set: patch };
  const retires = isEnabledAdmin(user) && !isEnabledAdmin({ role: patch.role ?? user.role, disabled: patch.disabled ?? user.disabled });
  if (retires) await retireAdmin(user, change);
  else if (Object.keys(patch).length > 0) await UserModel.updateOne({ _id: user._id }, change);
  const demoted = user.role === 'admin' && patch.role === 'user';
  if (demoted || (patch.disabled === true && !user.disabled)) await revokeEverything(user._id);
}

/** Deletes a user and everything of theirs. Throws LAST_ADMIN for the last enabled admin. */
export async function deleteUser(user: StoredUser): Promise<void> {
  // Disabled first: while the deletion runs, no sign-in, refresh or token of theirs works.
  if (isEnabledAdmin(user)) await retireAdmin(user, { $set: { disabled: true } });
  await deleteAccountData(user._id);
}

/** Gives the account with `email` the role `role` (`npm run user:role`). Throws NOT_FOUND, LAST_ADMIN. */
export async function setRole(email: string, role: Role): Promise<Pick<User, 'id' | 'email' | 'role'>> {
  const user = await UserModel.findOne({ email }).lean<UserDocument>();
  if (!user) throw new AppError('NOT_FOUND', `No account has the email ${email}.`);
  await changeAccount(user, { role });
  return { id: user._id.toHexString(), email: user.email, role };
}
