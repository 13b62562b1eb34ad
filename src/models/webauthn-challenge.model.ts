import { Schema, model } from 'mongoose';

/**
 * A WebAuthn challenge handed out with registration, sign-in or re-authentication options: single use,
 * 5 minutes. A registration or re-authentication challenge belongs to the signed-in user; a sign-in
 * challenge to the browser that holds the cookie whose hash is `browserHash`.
 */
const webauthnChallengeSchema = new Schema({
  // SHA-256 of the challenge, which comes back inside the signed clientDataJSON.
  tokenHash: { type: String, required: true, unique: true },
  purpose: { type: String, enum: ['register', 'login', 'reauthenticate'], required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', default: null },
  browserHash: { type: String, default: null },
  // The TTL index only tidies up; the verification checks expiry itself.
  expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  spentAt: { type: Date, default: null },
});

export const WebAuthnChallengeModel = model('WebAuthnChallenge', webauthnChallengeSchema);
