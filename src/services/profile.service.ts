import { verifyPassword } from '../auth/passwords.js';
import type { Principal } from '../auth/principal.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { UserModel, toUser, type User } from '../models/user.model.js';
import { deleteUser } from './admin-users.service.js';

/** How recent a sign-in must be to delete an account that has no password to confirm with. */
export const REAUTHENTICATION_SECONDS = 5 * 60;

/** Renames the signed-in user. */
export async function rename(caller: Principal, name: string | null): Promise<User> {
  await UserModel.updateOne({ _id: caller.user._id }, { $set: { name } });
  return toUser({ ...caller.user, name });
}

/**
 * Deletes the signed-in user's account and everything of it, once they have proved who they are
 * again: the password of a password account, else a sign-in of the last 5 minutes. Throws
 * INVALID_CREDENTIALS, REAUTHENTICATION_REQUIRED, LAST_ADMIN.
 */
export async function deleteOwnAccount(
  caller: Principal,
  input: { current_password?: string | undefined },
  settings: Pick<Config, 'bcryptRounds'>,
): Promise<void> {
  const stored = await UserModel.findById(caller.user._id).select('+passwordHash').lean();
  if (stored?.passwordHash) {
    if (!(await verifyPassword(input.current_password ?? '', stored.passwordHash, settings.bcryptRounds))) {
      throw new AppError('INVALID_CREDENTIALS', 'The current password is missing or incorrect.');
    }
  } else if (Date.now() / 1000 - caller.issuedAt > REAUTHENTICATION_SECONDS) {
    throw new AppError('REAUTHENTICATION_REQUIRED', 'Sign in again, then delete the account within 5 minutes.');
  }
  await deleteUser(caller.user);
}
