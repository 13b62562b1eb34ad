import { z } from 'zod';
import { delivery, email, opaqueToken } from '../schemas/auth.schemas.js';

export const OAuthExchangeBody = z
  .strictObject({ code: opaqueToken, delivery })
  .meta({ examples: [{ code: 'b25lLXRpbWUgY29kZSBmcm9tIHRoZSBjYWxsYmFjaw', delivery: 'cookie' }] });

// Strict: no other parameter reaches the provider's authorization request.
export const ProviderStartQuery = z.strictObject({
  prompt: z
    .literal('login')
    .optional()
    .describe('`login` asks the provider to have the person sign in again (re-authentication), even with a live provider session'),
});

/**
 * The OpenID Connect claims we read (Google's userinfo, or any provider's ID token). `email_verified` is kept
 * as received: only the boolean `true` counts, never the string "true".
 */
export const OpenIdClaims = z.object({
  sub: z.string().min(1).max(255),
  email,
  email_verified: z.unknown().optional(),
  // A display name only: cut to the User limit rather than refuse the sign-in over it.
  name: z
    .string()
    .transform((value) => value.trim().slice(0, 100) || undefined)
    .optional()
    .catch(undefined),
});
