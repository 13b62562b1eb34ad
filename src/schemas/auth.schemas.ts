import { z } from 'zod';
import { isCommonPassword } from '../auth/common-passwords.js';

const MAX_PASSWORD_BYTES = 72;

/** An email as stored and looked up: trimmed and lower-cased, so uniqueness ignores case. */
export const email = z.string().trim().toLowerCase().max(254).pipe(z.email('must be a valid email address'));
const withinBcryptLimit = (value: string) => Buffer.byteLength(value, 'utf8') <= MAX_PASSWORD_BYTES;
/** Any password a client presents: bounded by bcrypt's limit so that nothing is silently truncated. */
const presentedPassword = z
  .string()
  .min(1, 'is required')
  .refine(withinBcryptLimit, `must be at most ${MAX_PASSWORD_BYTES} UTF-8 bytes (the bcrypt limit)`);
/** A password being chosen: the contract's rules for new passwords. */
export const newPassword = presentedPassword
  .refine((value) => value.length >= 8, 'must be at least 8 characters')
  .refine((value) => !isCommonPassword(value), 'is one of the 10,000 most common passwords');
/** A refresh token, one-time code or mailed token as a client sends it back. */
export const opaqueToken = z.string().min(1).max(256);

export const RegisterBody = z.strictObject({
  email,
  password: newPassword,
  name: z.string().trim().min(1).max(100, 'must be at most 100 characters').optional(),
});

export const LoginBody = z.strictObject({ email, password: presentedPassword });

// Any string: one that is not a live refresh token (an access token, a short string) is the contract's
// 401 INVALID_REFRESH_TOKEN, not a validation error; only a missing field or a non-string is 400.
export const RefreshBody = z.strictObject({ refresh_token: z.string() });

export const ChangePasswordBody = z.strictObject({ current_password: presentedPassword, new_password: newPassword });

export const ForgotPasswordBody = z.strictObject({ email });

export const ResetPasswordBody = z.strictObject({ token: opaqueToken, new_password: newPassword });

export const VerifyEmailBody = z.strictObject({ token: opaqueToken });

export const Accepted = z.object({ message: z.string() }).meta({ id: 'Accepted' });

export const User = z
  .object({
    id: z.string().regex(/^[0-9a-f]{24}$/),
    email: z.email(),
    name: z.string().nullable(),
    email_verified: z.boolean(),
    providers: z.array(z.enum(['password', 'google', 'passkey'])),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'User' });

export const TokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().positive(),
    refresh_token: z.string(),
  })
  .meta({ id: 'TokenResponse' });

export const SignedIn = TokenResponse.extend({ user: User }).meta({ id: 'SignedIn' });
