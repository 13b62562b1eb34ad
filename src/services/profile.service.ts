import { verifyPassword } from '../auth/passwords.js';
import type { Principal } from '../auth/principal.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { UserModel } from '../models/user.model.js';
import { toUser, type User } from './user-view.js';
import { deleteUser } from './roles.service.js';

/** Renames the signed-in user. */
export async function rename(caller: Principal, name: string | null): Promise<User> {
  await UserModel.updateOne({ _id: caller.user._id }, { $set: { name } });
  return toUser({ ...caller.user, name });
}

/**
 * Deletes the signed-in user's account and everything of it. The route asks for a recent
 * authentication; a password account confirms with its password as well. Throws INVALID_CREDENTIALS, LAST_ADMIN.
 */
export async function deleteOwnAccount(
  caller: Principal,
  input: { current_password?: string | undefined },
  config: Pick<Config, 'bcryptRounds'>,
): Promise<void> {
  const stored = await UserModel.findById(caller.user._id).select('+passwordHash').lean();
  if (stored?.passwordHash && !(await verifyPassword(input.current_password ?? '', stored.passwordHash, config.bcryptRounds))) {
    throw new AppError('INVALID_CREDENTIALS', 'The current password is missing or incorrect.');
  }
  await deleteUser(caller.user);
}
