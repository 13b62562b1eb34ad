import mongoose, { type Types } from 'mongoose';
import { AppError } from '../errors/app-error.js';
import { UserModel } from '../models/user.model.js';
import { PROVIDER_NAMES, PROVIDERS, type Provider } from './providers.js';

const { trusted } = mongoose;

function isProvider(name: string): name is Provider {
  return (PROVIDER_NAMES as string[]).includes(name);
}

/**
 * Unlinks `name` from the account, in one conditional update that also demands another way in (a
 * password, a passkey, another provider), so two unlinks at once cannot leave the account with none.
 * Throws NOT_FOUND (not a provider, or not linked), LAST_SIGN_IN_METHOD (it is the only way in).
 */
export async function unlinkProvider(userId: Types.ObjectId, name: string): Promise<void> {
  if (!isProvider(name)) throw new AppError('NOT_FOUND', 'There is no such sign-in provider.');
  const { field } = PROVIDERS[name];
  const others = PROVIDER_NAMES.filter((other) => other !== name).map((other) => ({
    [PROVIDERS[other].field]: trusted({ $exists: true }),
  }));
  const unlinked = await UserModel.updateOne(
    { _id: userId, [field]: trusted({ $exists: true }), $or: [{ hasPassword: true }, { passkeyCount: trusted({ $gt: 0 }) }, ...others] },
    { $unset: { [field]: 1 } },
  );
  if (unlinked.matchedCount === 1) return;
  if (!(await UserModel.exists({ _id: userId, [field]: trusted({ $exists: true }) }))) {
    throw new AppError('NOT_FOUND', `${PROVIDERS[name].label} is not linked to this account.`);
  }
  throw new AppError('LAST_SIGN_IN_METHOD', 'This is the only way into the account: set a password or add a passkey first.');
}
