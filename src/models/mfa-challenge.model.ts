import { Schema, model } from 'mongoose';

/** The `mfa_token` of a sign-in whose first factor passed and whose second is still owed. */
const mfaChallengeSchema = new Schema({
  // SHA-256 of the mfa_token: a database leak yields no half-finished sign-in.
  tokenHash: { type: String, required: true, unique: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  // Codes tried with this token; the fifth wrong one is the last it gets.
  attempts: { type: Number, required: true, default: 0 },
  // The TTL index only tidies up; redeeming checks expiry itself.
  expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  spentAt: { type: Date, default: null },
});

export const MfaChallengeModel = model('MfaChallenge', mfaChallengeSchema);
