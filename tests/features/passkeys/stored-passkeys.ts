import { PasskeyModel } from '../../../src/features/passkeys/passkey.model.js';
import { UserModel } from '../../../src/models/user.model.js';

/** Stores `count` passkeys of a user directly, counted on the user as a registration counts them (their keys are never used). */
export async function storeUnusablePasskeys(userId: string, count: number): Promise<void> {
  await PasskeyModel.insertMany(
    Array.from({ length: count }, (_, i) => ({
      user: userId,
      credentialId: `stored-${userId}-${i}`,
      publicKey: 'cHVibGljIGtleQ',
      name: `Key ${i}`,
    })),
  );
  await UserModel.updateOne({ _id: userId }, { $inc: { passkeyCount: count } });
}
