import { z } from 'zod';
import { code, delivery, opaqueToken } from '../../schemas/auth.schemas.js';

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
