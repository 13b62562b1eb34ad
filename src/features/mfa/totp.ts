import { Secret, TOTP } from 'otpauth';

// RFC 6238 with the parameters every authenticator app supports.
const PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** One step of clock drift either way. */
const WINDOW = 1;

/** A new TOTP secret of 160 random bits (RFC 4226 §4 R6), base32 as authenticator apps take it. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/...` URI an authenticator app reads from a QR code. */
export function totpUri(secret: string, issuer: string, account: string): string {
  return new TOTP({ ...PARAMETERS, issuer, label: account, secret: Secret.fromBase32(secret) }).toString();
}

/**
 * The time step (RFC 6238's T) whose code `code` is, within one step of `timestamp`, else null.
 * The caller refuses any step not later than the last one accepted: a code works once.
 */
export function matchTotpStep(secret: string, code: string, timestamp = Date.now()): number | null {
  const delta = TOTP.validate({ ...PARAMETERS, secret: Secret.fromBase32(secret), token: code, timestamp, window: WINDOW });
  return delta === null ? null : TOTP.counter({ period: PARAMETERS.period, timestamp }) + delta;
}
