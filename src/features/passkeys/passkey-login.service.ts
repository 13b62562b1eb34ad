import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Types } from 'mongoose';
import type { Principal } from '../../auth/principal.js';
import { generateToken } from '../../auth/single-use-token.js';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import { PasskeyModel, type PasskeyDocument } from './passkey.model.js';
import { findUserRecord } from '../../models/user.model.js';
import { createSession, renewSession, type ClientInfo, type SignedIn, type TokenResponse } from '../../services/session.service.js';
import {
  WEBAUTHN_CHALLENGE_TTL_SECONDS,
  expectations,
  loadWebAuthn,
  spendChallenge,
  storeChallenge,
} from './webauthn-challenge.service.js';

type PasskeyLoginSettings = Pick<Config, 'webauthn' | 'jwt' | 'refreshTtlSeconds'>;

function invalidPasskey(cause?: unknown): AppError {
  return new AppError('INVALID_PASSKEY', 'The passkey could not be verified; start again.', { cause });
}

/**
 * Options for navigator.credentials.get() with no credential list (the authenticator offers its
 * discoverable ones) and a challenge bound to this browser: `bindingSecret` goes into a cookie.
 */
export async function passkeyLoginOptions(config: Pick<Config, 'webauthn'>) {
  const { generateAuthenticationOptions } = await loadWebAuthn();
  const options = await generateAuthenticationOptions({ rpID: config.webauthn.rpId, userVerification: 'required' });
  const { token: bindingSecret } = generateToken(WEBAUTHN_CHALLENGE_TTL_SECONDS);
  await storeChallenge(options.challenge, { purpose: 'login', bindingSecret });
  return { options, bindingSecret };
}

type StoredPasskey = Pick<PasskeyDocument, '_id' | 'user' | 'credentialId' | 'publicKey' | 'counter'>;

/**
 * Verifies an assertion of `passkey` against the challenge just spent: the user handle (when sent)
 * must name the passkey's account, the signature, origin, RP ID and user verification are checked,
 * and the counter must grow. Throws INVALID_PASSKEY.
 */
async function verifyAssertion(
  response: AuthenticationResponseJSON,
  challenge: string,
  passkey: StoredPasskey,
  config: Pick<Config, 'webauthn'>,
): Promise<void> {
  const { userHandle } = response.response;
  if (userHandle !== undefined && Buffer.from(userHandle, 'base64url').toString() !== passkey.user.toHexString()) throw invalidPasskey();
  const { verifyAuthenticationResponse } = await loadWebAuthn();
  const verification = await verifyAuthenticationResponse({
    response,
    ...expectations(challenge, config),
    credential: { id: passkey.credentialId, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.counter },
  }).catch((error: unknown) => {
    throw invalidPasskey(error);
  });
  if (!verification.verified) throw invalidPasskey();
  // Conditional on the counter read: of two concurrent uses of one assertion at most one counts.
  const { modifiedCount } = await PasskeyModel.updateOne(
    { _id: passkey._id, counter: passkey.counter },
    { $set: { counter: verification.authenticationInfo.newCounter, lastUsedAt: new Date() } },
  );
  if (modifiedCount !== 1) throw invalidPasskey();
}

/**
 * Signs in with a passkey: the challenge must be this browser's, live and unspent, and the assertion
 * verify (verifyAssertion). A user-verified passkey is both factors, so no MFA step follows. Throws INVALID_PASSKEY.
 */
export async function signInWithPasskey(
  response: AuthenticationResponseJSON,
  bindingSecret: string | undefined,
  client: ClientInfo,
  config: PasskeyLoginSettings,
): Promise<SignedIn> {
  const challenge = bindingSecret && (await spendChallenge(response.response.clientDataJSON, { purpose: 'login', bindingSecret }));
  const passkey = challenge ? await PasskeyModel.findOne({ credentialId: response.id }).lean() : null;
  if (!challenge || !passkey) throw invalidPasskey();
  await verifyAssertion(response, challenge, passkey, config);
  const user = await findUserRecord({ _id: passkey.user });
  if (!user) throw invalidPasskey();
  return createSession(user, client, config);
}

/**
 * Options for re-authenticating with a passkey: only the caller's passkeys are allowed, and the
 * challenge is theirs (single use, 5 minutes). Throws NOT_FOUND when the account has no passkey.
 */
export async function passkeyReauthenticationOptions(userId: Types.ObjectId, config: Pick<Config, 'webauthn'>) {
  const passkeys = await PasskeyModel.find({ user: userId }).lean();
  // No list would let the authenticator offer any discoverable passkey, another account's included.
  if (passkeys.length === 0) throw new AppError('NOT_FOUND', 'This account has no passkey.');
  const { generateAuthenticationOptions } = await loadWebAuthn();
  const options = await generateAuthenticationOptions({
    rpID: config.webauthn.rpId,
    userVerification: 'required',
    allowCredentials: passkeys.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports,
    })),
  });
  await storeChallenge(options.challenge, { purpose: 'reauthenticate', user: userId });
  return options;
}

/**
 * Re-authenticates the caller with one of their own passkeys against their live challenge; the same
 * session gets a fresh `auth_time` (renewSession). Throws INVALID_PASSKEY.
 */
export async function reauthenticateWithPasskey(
  caller: Principal,
  response: AuthenticationResponseJSON,
  client: ClientInfo,
  config: PasskeyLoginSettings,
): Promise<TokenResponse> {
  const owner = { purpose: 'reauthenticate', user: caller.user._id } as const;
  const challenge = await spendChallenge(response.response.clientDataJSON, owner);
  const passkey = challenge ? await PasskeyModel.findOne({ credentialId: response.id, user: caller.user._id }).lean() : null;
  if (!challenge || !passkey) throw invalidPasskey();
  await verifyAssertion(response, challenge, passkey, config);
  return renewSession(caller, client, config);
}
