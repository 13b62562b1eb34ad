import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { generateToken } from '../auth/single-use-token.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { PasskeyModel } from '../models/passkey.model.js';
import { findUserRecord } from '../models/user.model.js';
import { createSession, type ClientInfo, type SignedIn } from './session.service.js';
import {
  WEBAUTHN_CHALLENGE_TTL_SECONDS,
  expectations,
  loadWebAuthn,
  spendChallenge,
  storeChallenge,
} from './webauthn-challenge.service.js';

type PasskeyLoginSettings = Pick<Config, 'webauthn' | 'jwt' | 'refreshTtlSeconds'>;

function invalidPasskey(cause?: unknown): AppError {
  return new AppError('INVALID_PASSKEY', 'The passkey sign-in could not be verified; start again.', { cause });
}

/**
 * Options for navigator.credentials.get() with no credential list (the authenticator offers its
 * discoverable ones) and a challenge bound to this browser: `browser` goes into a cookie.
 */
export async function passkeyLoginOptions(settings: Pick<Config, 'webauthn'>) {
  const { generateAuthenticationOptions } = await loadWebAuthn();
  const options = await generateAuthenticationOptions({ rpID: settings.webauthn.rpId, userVerification: 'required' });
  const { token: browser } = generateToken(WEBAUTHN_CHALLENGE_TTL_SECONDS);
  await storeChallenge(options.challenge, { purpose: 'login', browser });
  return { options, browser };
}

/**
 * Signs in with a passkey: the challenge must be this browser's, live and unspent; the signature,
 * origin, RP ID and user verification are checked; the counter must grow. A user-verified passkey
 * is both factors, so no MFA step follows. Throws INVALID_PASSKEY.
 */
export async function signInWithPasskey(
  response: AuthenticationResponseJSON,
  browser: string | undefined,
  client: ClientInfo,
  settings: PasskeyLoginSettings,
): Promise<SignedIn> {
  const challenge = browser && (await spendChallenge(response.response.clientDataJSON, { purpose: 'login', browser }));
  const passkey = challenge ? await PasskeyModel.findOne({ credentialId: response.id }).lean() : null;
  if (!challenge || !passkey) throw invalidPasskey();
  // The user handle a discoverable credential returns names its account: it must be the passkey's.
  const { userHandle } = response.response;
  if (userHandle !== undefined && Buffer.from(userHandle, 'base64url').toString() !== passkey.user.toHexString()) throw invalidPasskey();
  const { verifyAuthenticationResponse } = await loadWebAuthn();
  const verification = await verifyAuthenticationResponse({
    response,
    ...expectations(challenge, settings),
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
  const user = modifiedCount === 1 ? await findUserRecord({ _id: passkey.user }) : null;
  if (!user) throw invalidPasskey();
  return createSession(user, client, settings);
}
