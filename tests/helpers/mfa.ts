import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import { setTimeout } from 'node:timers/promises';
import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import type { Account } from './factories.js';

const PERIOD_MS = 30_000;
const lastStep = new Map<string, number>();

/** The TOTP code of `secret` at `stepOffset` steps from now, computed here from the secret (RFC 6238, SHA-1, 6 digits). */
export function totpAt(secret: string, stepOffset = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + stepOffset * PERIOD_MS });
}

/**
 * A code the server has not accepted yet: the step after the last one this helper handed out, from
 * one step back (the allowed drift). When that step is still two ahead of the clock (a test asked for
 * a fourth code, or for a third in a step's last second) it waits for the next step rather than fail.
 */
export async function freshCode(secret: string): Promise<string> {
  for (;;) {
    const nowMs = Date.now();
    const now = Math.floor(nowMs / PERIOD_MS);
    // One step back stops working when this step ends: in its last second the request may arrive too late.
    const earliest = nowMs % PERIOD_MS > PERIOD_MS - 1000 ? now : now - 1;
    const step = Math.max((lastStep.get(secret) ?? -Infinity) + 1, earliest);
    if (step <= now + 1) {
      lastStep.set(secret, step);
      return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: step * PERIOD_MS });
    }
    await setTimeout((now + 1) * PERIOD_MS - nowMs + 20);
  }
}

export interface MfaAccount extends Account {
  secret: string;
  recoveryCodes: string[];
}

/** Turns TOTP on for a signed-in account through the API. */
export async function enableMfa(app: RequestListener, account: Account): Promise<MfaAccount> {
  const auth = `Bearer ${account.access_token}`;
  const setup = await request(app).post('/auth/mfa/totp/setup').set('Authorization', auth);
  assert.equal(setup.status, 200, setup.text);
  const secret = setup.body.secret as string;
  const enable = await request(app)
    .post('/auth/mfa/totp/enable')
    .set('Authorization', auth)
    .send({ code: await freshCode(secret) });
  assert.equal(enable.status, 200, enable.text);
  return { ...account, secret, recoveryCodes: enable.body.recovery_codes as string[] };
}

/** POST /auth/login for an MFA account: asserts the 403 MFA_REQUIRED step and returns its mfa_token. */
export async function passwordStep(app: RequestListener, account: Pick<Account, 'email' | 'password'>): Promise<string> {
  const res = await request(app).post('/auth/login').send({ email: account.email, password: account.password });
  assert.equal(res.status, 403, res.text);
  assert.equal(res.body.code, 'MFA_REQUIRED');
  return res.body.mfa_token as string;
}
