import type { Types } from 'mongoose';
import { runUserHooks } from '../feature.js';
import { RefreshTokenModel } from '../models/refresh-token.model.js';
import { UserModel } from '../models/user.model.js';
import { OAuthCodeModel } from '../sign-in/sign-in-code.model.js';

/**
 * Deletes a user and every document of theirs in every collection: the core's sessions and sign-in codes here, each
 * feature's through its `deleteUserData` hook (src/feature.ts), so a deleted account leaves nothing behind.
 */
export async function deleteAccountData(userId: Types.ObjectId): Promise<void> {
  // The user first: from then on no access token, refresh or code of theirs finds an account.
  await UserModel.deleteOne({ _id: userId });
  await Promise.all([
    RefreshTokenModel.deleteMany({ user: userId }),
    OAuthCodeModel.deleteMany({ user: userId }),
    runUserHooks('deleteUserData', userId),
  ]);
}
