import type { Types } from 'mongoose';
import { secondFactors, type SecondFactor } from '../feature.js';
import { authEvents } from '../lib/auth-events.js';
import type { UserRecord } from '../models/user.model.js';
import { assertEnabled } from './session.service.js';

/** The second factor this account turned on, if any (src/feature.ts). */
export function secondFactorOf(user: Pick<UserRecord, 'mfaEnabled'>): SecondFactor | undefined {
  return secondFactors().find((factor) => factor.isOn(user));
}

/**
 * The gate between a first factor and a session, for every way of signing in: a disabled account is
 * refused first (ACCOUNT_DISABLED), then an account with a second factor gets that factor's challenge
 * (MFA_REQUIRED) instead of a session.
 */
export async function requireSecondFactor(user: Pick<UserRecord, '_id' | 'mfaEnabled' | 'disabled'>): Promise<void> {
  assertEnabled(user);
  const factor = secondFactorOf(user);
  if (!factor) return;
  authEvents.report('mfa_required');
  await factor.challenge(user);
}

/** Turns every second factor of the account off. */
export async function turnOffSecondFactors(userId: Types.ObjectId): Promise<void> {
  await Promise.all(secondFactors().map((factor) => factor.turnOff(userId)));
}
