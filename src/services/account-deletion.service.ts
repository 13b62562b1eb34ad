import type { Types } from 'mongoose';
import { EmailTokenModel } from '../models/email-token.model.js';
import { MfaChallengeModel } from '../models/mfa-challenge.model.js';
import { OAuthCodeModel } from '../models/oauth-code.model.js';
import { RefreshTokenModel } from '../models/refresh-token.model.js';
import { UserModel } from '../models/user.model.js';
import { removePasskeys } from './passkey.service.js';
import { deleteRecoveryCodes } from './recovery-code.service.js';
import { removeChallenges } from './webauthn-challenge.service.js';

/**
 * Every collection that holds something of a user, and how to remove it. A feature that stores
 * data of a user adds its model here, so that a deleted account leaves nothing behind.
 */
const USER_DATA: readonly ((user: Types.ObjectId) => Promise<unknown>)[] = [
  (user) => RefreshTokenModel.deleteMany({ user }),
  (user) => OAuthCodeModel.deleteMany({ user }),
  (user) => EmailTokenModel.deleteMany({ user }),
  (user) => MfaChallengeModel.deleteMany({ user }),
  deleteRecoveryCodes,
  removePasskeys,
  removeChallenges,
];

/** Deletes a user and every document of theirs in every collection. */
export async function deleteAccountData(userId: Types.ObjectId): Promise<void> {
  // The user first: from then on no access token, refresh or code of theirs finds an account.
  await UserModel.deleteOne({ _id: userId });
  await Promise.all(USER_DATA.map((remove) => remove(userId)));
}
