// Claiming (contract §3): an external provider vouches for an address that the account holding it
// never proved (`email_verified: false`), so whoever registered it may be an attacker who set up
// ways in before the owner arrived (pre-hijacking). The claim removes every one of them.
import mongoose, { type Types } from 'mongoose';
import { runUserHooks } from '../feature.js';
import { UserModel } from '../models/user.model.js';
import { revokeEverything } from '../services/session.service.js';
import { otherLinks, type ProviderField } from './providers.js';

/** What the provider's user brings to the account: its link field set to the subject, and the provider's name. */
export interface Claim {
  readonly link: { readonly field: ProviderField; readonly subject: string };
  readonly name: string | null;
}

/**
 * Gives the account `userId` to the provider's user: linked to them, verified, the name theirs, and
 * every way in the previous holder set removed: the password, then every feature's (`removeWaysIn`:
 * TOTP and recovery codes, passkeys and pending WebAuthn challenges), then (revokeEverything) every session, access token, sign-in code,
 * MFA step and mailed link. False when the account was linked to this provider meanwhile (nothing changes).
 */
export async function claimAccount(userId: Types.ObjectId, { link, name }: Claim): Promise<boolean> {
  const claimed = await UserModel.updateOne(
    { _id: userId, [link.field]: mongoose.trusted({ $exists: false }) },
    // Every other provider's link goes too: the previous holder may have linked their own account there.
    {
      $set: { [link.field]: link.subject, emailVerified: true, name, hasPassword: false },
      $unset: { passwordHash: 1, ...otherLinks(link.field) },
    },
  );
  if (claimed.matchedCount === 0) return false;
  await runUserHooks('removeWaysIn', userId);
  // Last: a sign-in that proved a removed factor before it went is refused when it stores its session.
  await revokeEverything(userId);
  return true;
}
