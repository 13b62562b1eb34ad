import { z } from 'zod';
import { opaqueToken } from './auth.schemas.js';

/** A 6-digit TOTP code or a recovery code (letters, digits, dashes), as typed. */
const code = z
  .string()
  .trim()
  .min(6, 'must be a 6-digit code or a recovery code')
  .max(32, 'must be a 6-digit code or a recovery code')
  .regex(/^[0-9a-z -]+$/i, 'must be a 6-digit code or a recovery code');

export const MfaCodeBody = z.strictObject({ code });

export const MfaLoginBody = z.strictObject({ mfa_token: opaqueToken, code });

export const TotpSetup = z.object({ secret: z.string(), otpauth_uri: z.string().regex(/^otpauth:\/\/totp\//) }).meta({ id: 'TotpSetup' });

export const RecoveryCodes = z.object({ recovery_codes: z.array(z.string()).length(10) }).meta({ id: 'RecoveryCodes' });
