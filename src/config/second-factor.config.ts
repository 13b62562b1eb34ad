import { randomBytes } from 'node:crypto';
import { ConfigError } from './config-error.js';

/** The WebAuthn relying party passkeys are bound to. */
export interface WebAuthnConfig {
  readonly rpId: string;
  readonly rpName: string;
  readonly origin: string;
}

/**
 * MFA_ENCRYPTION_KEY as 32 bytes. Unset: undefined in production (the MFA routes answer 503), else a
 * random key for this process. Throws ConfigError for a key of another length.
 */
export function mfaEncryptionKey(value: string | undefined, production: boolean, warnings: string[]): Buffer | undefined {
  if (value !== undefined) {
    const key = Buffer.from(value, 'base64');
    if (key.length !== 32) throw new ConfigError('MFA_ENCRYPTION_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
    return key;
  }
  if (production) {
    warnings.push('MFA_ENCRYPTION_KEY is not set: the second-factor routes answer 503 MFA_NOT_CONFIGURED');
    return undefined;
  }
  warnings.push('MFA_ENCRYPTION_KEY is not set: using a random one for this process (TOTP secrets will not survive a restart)');
  return randomBytes(32);
}

/** The relying party: its origin (WEBAUTHN_ORIGIN, else APP_URL's), its id (WEBAUTHN_RP_ID, else the origin's host name). */
export function webauthnConfig(originUrl: string, rpId: string | undefined, rpName: string): WebAuthnConfig {
  const origin = new URL(originUrl);
  return Object.freeze({ rpId: rpId ?? origin.hostname, rpName, origin: origin.origin });
}
