import { Schema, model } from 'mongoose';

/** One of the ten single-use recovery codes of an account with MFA on. */
const recoveryCodeSchema = new Schema({
  // SHA-256 of the normalised code: a database leak yields no code that signs in.
  tokenHash: { type: String, required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  // Set when the code is used, or when a new set replaces it.
  spentAt: { type: Date, default: null },
  createdAt: { type: Date, required: true, default: () => new Date() },
});
recoveryCodeSchema.index({ user: 1, tokenHash: 1 });

export const RecoveryCodeModel = model('RecoveryCode', recoveryCodeSchema);
