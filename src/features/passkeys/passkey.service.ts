import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import mongoose, { isValidObjectId, type Types } from 'mongoose';
import type { Config } from '../../config/config.js';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import { AppError } from '../../errors/app-error.js';
import { PasskeyModel, toPasskey } from './passkey.model.js';
import { UserModel } from '../../models/user.model.js';
import { expectations, loadWebAuthn, spendChallenge, storeChallenge } from './webauthn-challenge.service.js';

type WebAuthnSettings = Pick<Config, 'webauthn'>;

const { trusted } = mongoose;

function invalidRegistration(cause?: unknown): AppError {
  return new AppError('INVALID_PASSKEY', 'The passkey could not be verified; ask for new options and try again.', { cause, status: 400 });
}

/** The most passkeys one account can hold: each is listed in every registration's options. */
export const MAX_PASSKEYS = 20;

function limitReached(): AppError {
  return new AppError('PASSKEY_LIMIT', `An account holds at most ${MAX_PASSKEYS} passkeys; delete one first.`);
}

/**
 * Takes one of the account's passkey places, or throws PASSKEY_LIMIT: the count and its increment are one
 * conditional update, so registrations racing for the last place cannot all win (a count read before the
 * slow verification could be stale by the insert).
 */
async function reserveRoom(userId: Types.ObjectId): Promise<void> {
  const { matchedCount } = await UserModel.updateOne(
    { _id: userId, passkeyCount: trusted({ $lt: MAX_PASSKEYS }) },
    { $inc: { passkeyCount: 1 } },
  );
  if (matchedCount === 0) throw limitReached();
}

/**
 * Options for navigator.credentials.create(): a discoverable credential preferred, user verification
 * required. Throws PASSKEY_LIMIT.
 */
export async function passkeyRegistrationOptions(user: { _id: Types.ObjectId; email: string }, config: WebAuthnSettings) {
  const { generateRegistrationOptions } = await loadWebAuthn();
  const existing = await PasskeyModel.find({ user: user._id }).lean();
  if (existing.length >= MAX_PASSKEYS) throw limitReached();
  const options = await generateRegistrationOptions({
    rpName: config.webauthn.rpName,
    rpID: config.webauthn.rpId,
    userName: user.email,
    userID: Buffer.from(user._id.toHexString()),
    attestationType: 'none',
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  await storeChallenge(options.challenge, { purpose: 'register', user: user._id });
  return options;
}

/** Verifies a new credential against this user's live challenge and stores it. Throws INVALID_PASSKEY (400), PASSKEY_LIMIT. */
export async function registerPasskey(
  userId: Types.ObjectId,
  response: RegistrationResponseJSON,
  name: string | undefined,
  config: WebAuthnSettings,
) {
  const challenge = await spendChallenge(response.response.clientDataJSON, { purpose: 'register', user: userId });
  if (challenge === undefined) throw invalidRegistration();
  const { verifyRegistrationResponse } = await loadWebAuthn();
  const verification = await verifyRegistrationResponse({
    response,
    ...expectations(challenge, config),
  }).catch((error: unknown) => {
    throw invalidRegistration(error);
  });
  if (!verification.verified) throw invalidRegistration();
  const { credential } = verification.registrationInfo;
  await reserveRoom(userId);
  try {
    const passkey = await PasskeyModel.create({
      user: userId,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name: name ?? 'Passkey',
    });
    return toPasskey(passkey);
  } catch (error) {
    await UserModel.updateOne({ _id: userId }, { $inc: { passkeyCount: -1 } });
    if (isDuplicateKey(error)) throw invalidRegistration(error);
    throw error;
  }
}

/** The user's passkeys, newest first. */
export async function listPasskeys(userId: Types.ObjectId) {
  const passkeys = await PasskeyModel.find({ user: userId }).sort({ createdAt: -1 }).lean();
  return { items: passkeys.map(toPasskey) };
}

/** Deletes one of the user's passkeys. Throws NOT_FOUND (unknown, malformed, or another user's). */
export async function deletePasskey(userId: Types.ObjectId, id: string): Promise<void> {
  const { deletedCount } = isValidObjectId(id) ? await PasskeyModel.deleteOne({ _id: id, user: userId }) : { deletedCount: 0 };
  if (deletedCount !== 1) throw new AppError('NOT_FOUND', 'No such passkey.');
  await UserModel.updateOne({ _id: userId }, { $inc: { passkeyCount: -1 } });
}

/** Removes every passkey of the user (an account claimed or deleted). */
export async function removePasskeys(userId: Types.ObjectId): Promise<void> {
  await PasskeyModel.deleteMany({ user: userId });
  await UserModel.updateOne({ _id: userId }, { $set: { passkeyCount: 0 } });
}
