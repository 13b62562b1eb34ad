import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseDuration } from './duration.js';

const GOOGLE_ENDPOINTS = {
  GOOGLE_AUTHORIZATION_URL: 'https://accounts.google.com/o/oauth2/v2/auth',
  GOOGLE_TOKEN_URL: 'https://oauth2.googleapis.com/token',
  GOOGLE_USERINFO_URL: 'https://openidconnect.googleapis.com/v1/userinfo',
};

const optional = (schema: z.ZodType<string>) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const int = (min: number, max: number, fallback: number) =>
  optional(z.string().regex(/^\d+$/, `a whole number from ${min} to ${max}`))
    .transform((value) => (value === undefined ? fallback : Number(value)))
    .pipe(z.number().min(min, `a whole number from ${min} to ${max}`).max(max, `a whole number from ${min} to ${max}`));
const duration = (fallback: string) =>
  optional(z.string())
    .transform((value) => parseDuration(value ?? fallback))
    .pipe(z.number({ error: 'a lifetime such as 30s, 15m, 12h or 30d' }));
const url = (protocols: RegExp, accepts: string) =>
  z.string().refine((value) => URL.canParse(value) && protocols.test(new URL(value).protocol), accepts);
const httpUrl = url(/^https?:$/, 'an http(s) URL');
const secret = optional(z.string());

/** The environment variables of docs/configuration.md: each parsed, defaulted and bounded. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production'], 'development, test or production').default('development'),
  PORT: int(1, 65535, 3000),
  MONGODB_URI: optional(url(/^mongodb(\+srv)?:$/, 'a mongodb:// or mongodb+srv:// URL')),
  DB_OPERATION_TIMEOUT: duration('3s'),
  JWT_SECRET: secret,
  JWT_ISSUER: z.string().min(1).default('express-auth-starter'),
  JWT_AUDIENCE: z.string().min(1).default('express-auth-starter'),
  JWT_CLIENT_ID: optional(z.string().min(1)),
  JWT_SIGNING_KEYS: secret,
  ACCESS_TOKEN_TTL: duration('15m'),
  REFRESH_TOKEN_TTL: duration('30d'),
  REAUTH_MAX_AGE: duration('5m'),
  BCRYPT_ROUNDS: int(4, 15, 12),
  BCRYPT_THREADS: int(1, 64, availableParallelism()),
  BODY_LIMIT: z
    .string()
    .regex(/^\d{1,5}(b|kb|mb)$/i, 'a size such as 10kb or 1mb')
    .default('10kb'),
  TRUST_PROXY: int(0, 10, 0),
  CORS_ORIGINS: optional(z.string())
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(url(/^https?:$/, 'comma-separated http(s) origins without a wildcard'))),
  REDIS_URL: optional(url(/^rediss?:$/, 'a redis:// or rediss:// URL')),
  REDIS_TLS_VERIFY: z.enum(['true', 'false'], 'true or false').default('true'),
  RATE_LIMIT_AUTH_MAX: int(1, 100000, 10),
  RATE_LIMIT_AUTH_WINDOW: duration('15m'),
  LOGIN_FAILURE_MAX: int(1, 100000, 5),
  LOGIN_FAILURE_WINDOW: duration('15m'),
  GOOGLE_CLIENT_ID: optional(z.string()),
  GOOGLE_CLIENT_SECRET: optional(z.string()),
  GOOGLE_CALLBACK_URL: optional(httpUrl),
  GOOGLE_AUTHORIZATION_URL: httpUrl.default(GOOGLE_ENDPOINTS.GOOGLE_AUTHORIZATION_URL),
  GOOGLE_TOKEN_URL: httpUrl.default(GOOGLE_ENDPOINTS.GOOGLE_TOKEN_URL),
  GOOGLE_USERINFO_URL: httpUrl.default(GOOGLE_ENDPOINTS.GOOGLE_USERINFO_URL),
  OIDC_ISSUER: optional(httpUrl),
  OIDC_CLIENT_ID: optional(z.string()),
  OIDC_CLIENT_SECRET: optional(z.string()),
  OIDC_CALLBACK_URL: optional(httpUrl),
  OIDC_NAME: z.string().min(1).max(40).default('OpenID Connect'),
  GITHUB_CLIENT_ID: optional(z.string()),
  GITHUB_CLIENT_SECRET: optional(z.string()),
  GITHUB_CALLBACK_URL: optional(httpUrl),
  GITHUB_BASE_URL: httpUrl.default('https://github.com'),
  GITHUB_API_URL: httpUrl.default('https://api.github.com'),
  OAUTH_SUCCESS_REDIRECT: optional(httpUrl),
  COOKIE_SECRET: secret,
  SMTP_URL: optional(url(/^smtps?:$/, 'an smtp:// or smtps:// URL')),
  MAIL_FROM: optional(z.string().min(3)),
  MAIL_PER_EMAIL_MAX: int(1, 100000, 3),
  MAIL_PER_EMAIL_WINDOW: duration('1h'),
  APP_URL: optional(httpUrl),
  MFA_ENCRYPTION_KEY: secret,
  METRICS_TOKEN: secret,
  INTROSPECTION_CLIENTS: secret,
  WEBAUTHN_RP_ID: optional(z.string().regex(/^[a-z0-9.-]+$/i, 'a host name such as example.com')),
  WEBAUTHN_ORIGIN: optional(httpUrl),
  APP_NAME: z.string().min(1).max(64).default('express-auth-starter'),
  WEBAUTHN_RP_NAME: optional(z.string().min(1).max(64)),
  DISABLED_FEATURES: optional(z.string())
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'comma-separated feature names such as mfa,passkeys'))),
  DEV_DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: optional(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'fatal, error, warn, info, debug, trace or silent'),
  ),
});

export type Env = z.infer<typeof envSchema>;
