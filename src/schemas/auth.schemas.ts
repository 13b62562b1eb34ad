import { z } from 'zod';
import { isCommonPassword } from '../auth/common-passwords.js';
import { ROLES } from '../auth/permissions.js';

const MAX_PASSWORD_BYTES = 72;
const TOO_LONG = `must be at most ${MAX_PASSWORD_BYTES} UTF-8 bytes (the bcrypt limit)`;

// The values every example below shares, so that the examples of one exchange fit together.
const EXAMPLE_EMAIL = 'ada@example.com';
const EXAMPLE_PASSWORD = 'analytical engine 1843';
const EXAMPLE_NEW_PASSWORD = 'bernoulli numbers, note G';
const EXAMPLE_REFRESH_TOKEN = 'Qm9vayBvZiB0aGUgYW5hbHl0aWNhbCBlbmdpbmUsIDE4NDM';
const EXAMPLE_MAILED_TOKEN = 'bm90ZSBHIG9uIHRoZSBCZXJub3VsbGkgbnVtYmVycw';

/** An email as stored and looked up: trimmed and lower-cased, so uniqueness ignores case. */
export const email = z.string().trim().toLowerCase().max(254).check(z.email('must be a valid email address'));
const withinBcryptLimit = (value: string) => Buffer.byteLength(value, 'utf8') <= MAX_PASSWORD_BYTES;
/**
 * A password of at least `min` characters, bounded by bcrypt's limit so that nothing is silently truncated.
 * The character cap is implied by the byte cap (a character is at least one byte): it is there so that
 * JSON Schema, which cannot count bytes, carries it; past it the byte rule is not checked twice.
 */
const password = (min: number, tooShort: string) =>
  z.string().min(min, tooShort).max(MAX_PASSWORD_BYTES, { message: TOO_LONG, abort: true }).refine(withinBcryptLimit, TOO_LONG);
/** Any password a client presents. */
export const presentedPassword = password(1, 'is required').meta({ description: `At most ${MAX_PASSWORD_BYTES} UTF-8 bytes.` });
/** A password being chosen: the contract's rules for new passwords. */
export const newPassword = password(8, 'must be at least 8 characters')
  .refine((value) => !isCommonPassword(value), 'is one of the 10,000 most common passwords')
  .meta({
    description: `At least 8 characters and at most ${MAX_PASSWORD_BYTES} UTF-8 bytes (the bcrypt limit); not one of the 10,000 most common passwords.`,
  });
/** A refresh token, one-time code or mailed token as a client sends it back. */
export const opaqueToken = z.string().min(1).max(256);

/** A display name as a person types it. */
export const displayName = z.string().trim().min(1).max(100, 'must be at most 100 characters');

/** Where a sign-in puts the refresh token: the JSON body (native and server clients) or an HttpOnly cookie (browsers). */
export const delivery = z.enum(['body', 'cookie']).optional();

export const RegisterBody = z
  .strictObject({ email, password: newPassword, name: displayName.optional(), delivery })
  .meta({ examples: [{ email: EXAMPLE_EMAIL, password: EXAMPLE_PASSWORD, name: 'Ada Lovelace', delivery: 'cookie' }] });

export const LoginBody = z
  .strictObject({ email, password: presentedPassword, delivery })
  .meta({ examples: [{ email: EXAMPLE_EMAIL, password: EXAMPLE_PASSWORD, delivery: 'body' }] });

// Any string: one that is not a live refresh token (an access token, a short string) is the contract's
// 401 INVALID_REFRESH_TOKEN, not a validation error; only a non-string is 400. Without `refresh_token`,
// the refresh-token cookie is used (and the answer is in cookie mode).
export const RefreshBody = z
  .strictObject({ refresh_token: z.string().optional(), delivery })
  .meta({ examples: [{ refresh_token: EXAMPLE_REFRESH_TOKEN }] });

export const LogoutBody = z
  .strictObject({ refresh_token: z.string().optional() })
  .meta({ examples: [{ refresh_token: EXAMPLE_REFRESH_TOKEN }] });

export const ChangePasswordBody = z
  .strictObject({ current_password: presentedPassword, new_password: newPassword })
  .meta({ examples: [{ current_password: EXAMPLE_PASSWORD, new_password: EXAMPLE_NEW_PASSWORD }] });

export const ForgotPasswordBody = z.strictObject({ email }).meta({ examples: [{ email: EXAMPLE_EMAIL }] });

export const ResetPasswordBody = z
  .strictObject({ token: opaqueToken, new_password: newPassword })
  .meta({ examples: [{ token: EXAMPLE_MAILED_TOKEN, new_password: EXAMPLE_NEW_PASSWORD }] });

export const VerifyEmailBody = z.strictObject({ token: opaqueToken }).meta({ examples: [{ token: EXAMPLE_MAILED_TOKEN }] });

export const Accepted = z
  .object({ message: z.string() })
  .meta({ id: 'Accepted', examples: [{ message: `A verification link is on its way to ${EXAMPLE_EMAIL}.` }] });

const EXAMPLE_USER = {
  id: '665f1c2e8b3a4d0012a4b7c9',
  email: EXAMPLE_EMAIL,
  name: 'Ada Lovelace',
  email_verified: false,
  providers: ['password'],
  role: 'user',
  mfa_enabled: false,
  created_at: '2026-01-15T09:30:00.000Z',
};
const EXAMPLE_TOKENS = {
  access_token:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiI2NjVmMWMyZThiM2E0ZDAwMTJhNGI3YzkiLCJpYXQiOjE3Njg0Njk0MDAsImV4cCI6MTc2ODQ3MDMwMCwiaXNzIjoiZXhwcmVzcy1hdXRoLXN0YXJ0ZXIiLCJhdWQiOiJleHByZXNzLWF1dGgtc3RhcnRlciIsImp0aSI6IjBmNmM4ZTBlLTVkMWItNGMyYS05YTU3LTNmMWYyYjlkOGM0MSIsInZlciI6MH0.NxxNV1SjjlgPBHAy18ik4TQaYwIDl_bNq_uZ10GT01k',
  token_type: 'Bearer',
  expires_in: 900,
  refresh_token: EXAMPLE_REFRESH_TOKEN,
};

export const User = z
  .object({
    id: z.string().regex(/^[0-9a-f]{24}$/),
    email: z.email(),
    name: z.string().nullable(),
    email_verified: z.boolean(),
    providers: z.array(z.enum(['password', 'google', 'oidc', 'github', 'passkey'])),
    role: z.enum(ROLES),
    mfa_enabled: z.boolean(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'User', examples: [EXAMPLE_USER] });

export const TokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().positive(),
    refresh_token: z.string().optional().meta({ description: 'Absent with cookie delivery: the refresh token is then in the cookie only' }),
  })
  .meta({ id: 'TokenResponse', examples: [EXAMPLE_TOKENS] });

export const SignedIn = TokenResponse.extend({ user: User }).meta({
  id: 'SignedIn',
  examples: [{ ...EXAMPLE_TOKENS, user: EXAMPLE_USER }],
});

export const UpdateMeBody = z.strictObject({ name: displayName.nullable() }).meta({ examples: [{ name: 'Ada King' }] });

export const ChangeEmailBody = z
  .strictObject({ new_email: email, current_password: presentedPassword })
  .meta({ examples: [{ new_email: 'ada.king@example.com', current_password: EXAMPLE_PASSWORD }] });

export const ConfirmEmailChangeBody = z.strictObject({ token: opaqueToken }).meta({ examples: [{ token: EXAMPLE_MAILED_TOKEN }] });

export const DeleteAccountBody = z
  .strictObject({ current_password: presentedPassword.optional() })
  .meta({ examples: [{ current_password: EXAMPLE_PASSWORD }] });

const EXAMPLE_SESSION = {
  id: 'c2Vzc2lvbi1vbmUtb2YtYWRh',
  created_at: '2026-01-02T09:30:00.000Z',
  last_used_at: '2026-01-03T18:05:00.000Z',
  ip: '203.0.113.7',
  user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
  current: true,
};

export const Session = z
  .object({
    id: z.string(),
    created_at: z.iso.datetime(),
    last_used_at: z.iso.datetime().meta({ description: 'The last sign-in or refresh of this session' }),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    current: z.boolean().meta({ description: 'Whether this is the session of the access token that asked' }),
  })
  .meta({ id: 'Session', examples: [EXAMPLE_SESSION] });

export const SessionList = z.object({ items: z.array(Session) }).meta({ id: 'SessionList', examples: [{ items: [EXAMPLE_SESSION] }] });

/** A second factor's code as typed: a 6-digit TOTP code or a recovery code (letters, digits, dashes). */
export const code = z
  .string()
  .trim()
  .min(6, 'must be a 6-digit code or a recovery code')
  .max(32, 'must be a 6-digit code or a recovery code')
  .regex(/^[0-9a-z -]+$/i, 'must be a 6-digit code or a recovery code');

// Both optional: what an account must send depends on the account (a password it has, a code when MFA is on).
export const ReauthenticateBody = z
  .strictObject({ password: presentedPassword.optional(), code: code.optional(), delivery })
  .meta({ examples: [{ password: 'analytical engine 1843', code: '492039', delivery: 'cookie' }] });
