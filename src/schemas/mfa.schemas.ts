import { z } from 'zod';
import { delivery, opaqueToken, presentedPassword } from './auth.schemas.js';

/** A 6-digit TOTP code or a recovery code (letters, digits, dashes), as typed. */
const code = z
  .string()
  .trim()
  .min(6, 'must be a 6-digit code or a recovery code')
  .max(32, 'must be a 6-digit code or a recovery code')
  .regex(/^[0-9a-z -]+$/i, 'must be a 6-digit code or a recovery code');

// Examples that fit together: the secret of the set-up, a code and a recovery code of it.
const EXAMPLE_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const EXAMPLE_RECOVERY_CODES = [
  'k7mqp-x3vtn',
  'a9rfw-2hcyd',
  'u4bze-pj8sk',
  'n6tdx-qm3wa',
  'e2vhy-r7cgu',
  'w5jks-d9nbt',
  'c3qaf-m6xpe',
  'y8gtu-h2wrk',
  'p4dnb-v7zjs',
  'f6xre-k3qmy',
];

export const MfaCodeBody = z.strictObject({ code }).meta({ examples: [{ code: '492039' }] });

// Both optional: what an account must send depends on the account (a password it has, a code when MFA is on).
export const ReauthenticateBody = z
  .strictObject({ password: presentedPassword.optional(), code: code.optional(), delivery })
  .meta({ examples: [{ password: 'analytical engine 1843', code: '492039', delivery: 'cookie' }] });

export const MfaLoginBody = z
  .strictObject({ mfa_token: opaqueToken, code, delivery })
  .meta({ examples: [{ mfa_token: 'c2Vjb25kIHN0ZXAgb2YgdGhlIHNpZ24taW4gb2YgQWRh', code: '492039', delivery: 'cookie' }] });

export const TotpSetup = z.object({ secret: z.string(), otpauth_uri: z.string().regex(/^otpauth:\/\/totp\//) }).meta({
  id: 'TotpSetup',
  examples: [
    {
      secret: EXAMPLE_SECRET,
      otpauth_uri: `otpauth://totp/express-auth-starter:ada%40example.com?issuer=express-auth-starter&secret=${EXAMPLE_SECRET}&algorithm=SHA1&digits=6&period=30`,
    },
  ],
});

export const RecoveryCodes = z
  .object({ recovery_codes: z.array(z.string()).length(10) })
  .meta({ id: 'RecoveryCodes', examples: [{ recovery_codes: EXAMPLE_RECOVERY_CODES }] });
