import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

/** A WebAuthn credential registered to an account: its public key and the last signature counter seen. */
const passkeySchema = new Schema({
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
  // base64url, as the browser names the credential in every assertion.
  credentialId: { type: String, required: true, unique: true },
  // The COSE public key, base64url.
  publicKey: { type: String, required: true },
  // Must grow with each use (when the authenticator counts): a lower one betrays a cloned authenticator.
  counter: { type: Number, required: true, default: 0 },
  transports: { type: [String], default: [] },
  name: { type: String, required: true },
  createdAt: { type: Date, required: true, default: () => new Date() },
  lastUsedAt: { type: Date, default: null },
});

export type PasskeyDocument = InferSchemaType<typeof passkeySchema> & { _id: Types.ObjectId };

export const PasskeyModel = model('Passkey', passkeySchema);

/** The contract's Passkey object. */
export function toPasskey(doc: Pick<PasskeyDocument, '_id' | 'name' | 'createdAt' | 'lastUsedAt'>) {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    created_at: doc.createdAt.toISOString(),
    last_used_at: doc.lastUsedAt ? doc.lastUsedAt.toISOString() : null,
  };
}
