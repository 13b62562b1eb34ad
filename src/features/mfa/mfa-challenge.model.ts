import { Schema, model } from 'mongoose';
import { singleUseFields } from '../../models/single-use-fields.js';

/** The `mfa_token` of a sign-in whose first factor passed and whose second is still owed. */
const mfaChallengeSchema = new Schema({
  ...singleUseFields,
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  // Codes tried with this token; the fifth wrong one is the last it gets.
  attempts: { type: Number, required: true, default: 0 },
});

export const MfaChallengeModel = model('MfaChallenge', mfaChallengeSchema);
