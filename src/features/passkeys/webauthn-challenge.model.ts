import { Schema, model } from 'mongoose';
import { singleUseFields } from '../../models/single-use-fields.js';

/**
 * A WebAuthn challenge handed out with registration, sign-in or re-authentication options: single use,
 * 5 minutes. A registration or re-authentication challenge belongs to the signed-in user; a sign-in
 * challenge to the browser that holds the cookie whose hash is `browserHash`.
 */
const webauthnChallengeSchema = new Schema({
  // Its hash: the challenge comes back inside the signed clientDataJSON.
  ...singleUseFields,
  purpose: { type: String, enum: ['register', 'login', 'reauthenticate'], required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', default: null },
  browserHash: { type: String, default: null },
});

export const WebAuthnChallengeModel = model('WebAuthnChallenge', webauthnChallengeSchema);
