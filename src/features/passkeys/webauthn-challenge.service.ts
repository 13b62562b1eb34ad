import type { Types } from 'mongoose';
import { hashToken, spendToken } from '../../auth/single-use-token.js';
import type { Config } from '../../config/config.js';
import { WebAuthnChallengeModel } from './webauthn-challenge.model.js';

/** How long WebAuthn options can be answered. */
export const WEBAUTHN_CHALLENGE_TTL_SECONDS = 5 * 60;

/**
 * The WebAuthn library, loaded on the first passkey request: it brings an X.509/ASN.1 stack that
 * would otherwise lengthen every start-up (and the config check that must fail fast).
 */
export const loadWebAuthn = () => import('@simplewebauthn/server');

type Owner = { purpose: 'register' | 'reauthenticate'; user: Types.ObjectId } | { purpose: 'login'; bindingSecret: string };

const ownerFilter = (owner: Owner) =>
  owner.purpose === 'login'
    ? { purpose: owner.purpose, browserHash: hashToken(owner.bindingSecret) }
    : { purpose: owner.purpose, user: owner.user };

/** Records a challenge just handed out, for `owner` only; only its SHA-256 is stored. */
export async function storeChallenge(challenge: string, owner: Owner): Promise<void> {
  await WebAuthnChallengeModel.create({
    tokenHash: hashToken(challenge),
    ...ownerFilter(owner),
    expiresAt: new Date(Date.now() + WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000),
  });
}

/** Removes every challenge handed to the user (registration, re-authentication): an account claimed or deleted. */
export async function removeChallenges(userId: Types.ObjectId): Promise<void> {
  await WebAuthnChallengeModel.deleteMany({ user: userId });
}

/** The challenge a credential response signed, read from its clientDataJSON; undefined when unreadable. */
function challengeOf(clientDataJSON: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const challenge = (parsed as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === 'string' ? challenge : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Spends the challenge a response carries, in one conditional update: it must be live, unspent and
 * `owner`'s. Returns the challenge to verify the response against, or undefined.
 */
export async function spendChallenge(clientDataJSON: string, owner: Owner): Promise<string | undefined> {
  const challenge = challengeOf(clientDataJSON);
  if (challenge === undefined) return undefined;
  const spent = await spendToken(WebAuthnChallengeModel, challenge, { key: ownerFilter(owner) });
  return spent ? challenge : undefined;
}

/** What every verification expects of a response: this challenge, our origin and RP ID, and a verified user. */
export function expectations(challenge: string, { webauthn }: Pick<Config, 'webauthn'>) {
  return { expectedChallenge: challenge, expectedOrigin: webauthn.origin, expectedRPID: webauthn.rpId, requireUserVerification: true };
}
