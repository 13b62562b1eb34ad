import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { envSchema, type Env } from './env.schema.js';
import { ConfigError } from './config-error.js';
import { developmentData, type DevDataConfig } from './dev-data.config.js';
import { providerConfigs, type GitHubConfig, type GoogleConfig, type OidcConfig } from './providers.config.js';
import { introspectionClients, type IntrospectionClient } from './introspection.config.js';
import { signingKeys, type SigningKey } from './signing-keys.config.js';
import { mfaEncryptionKey, webauthnConfig, type WebAuthnConfig } from './second-factor.config.js';
import { resolveSecret, secretUse } from './secrets.config.js';

const DEV_MAIL_FROM = 'express-auth-starter <no-reply@localhost>';

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly port: number;
  readonly mongodbUri: string | undefined;
  /** The longest one database operation may take (a silent server included) before the request answers 503. */
  readonly dbOperationTimeoutMs: number;
  readonly jwt: {
    /** JWT_SECRET as a key object, built once: jsonwebtoken re-parses a string secret on every sign and verify. */
    readonly key: KeyObject;
    /** JWT_SIGNING_KEYS: when set, the first signs (ES256, with its `kid`) and every one verifies; HS256 with `key` is then refused. */
    readonly signingKeys: readonly SigningKey[] | undefined;
    readonly issuer: string;
    readonly audience: string;
    /** The `client_id` claim (RFC 9068 §2.2): JWT_CLIENT_ID, by default the issuer. */
    readonly clientId: string;
    readonly accessTtlSeconds: number;
  };
  readonly refreshTtlSeconds: number;
  /** The MAC key of page cursors (src/lib/page-cursor.ts), derived from JWT_SECRET: the same on every instance. */
  readonly pageCursorKey: Buffer;
  /** How recent `auth_time` must be on the routes that change a way into the account (`recentAuth` in the route table). */
  readonly reauthMaxAgeSeconds: number;
  readonly bcryptRounds: number;
  /** Worker threads that run bcrypt; by default one per core the OS reports. */
  readonly bcryptThreads: number;
  readonly bodyLimit: string;
  readonly trustProxy: number;
  readonly corsOrigins: readonly string[];
  /** REDIS_URL, and whether a rediss:// server's certificate is verified; undefined keeps the counters in memory. */
  readonly redis: { readonly url: string; readonly tlsVerify: boolean } | undefined;
  readonly rateLimit: {
    readonly authMax: number;
    readonly authWindowMs: number;
    readonly loginFailureMax: number;
    readonly loginFailureWindowMs: number;
  };
  readonly google: GoogleConfig | undefined;
  readonly oidc: OidcConfig | undefined;
  readonly github: GitHubConfig | undefined;
  /** Mail for email verification and password reset; `smtpUrl` unset writes mails to the log (or, in production, disables them). */
  readonly mail: {
    readonly smtpUrl: string | undefined;
    readonly from: string;
    readonly perEmailMax: number;
    readonly perEmailWindowMs: number;
  };
  /** Where the front end lives: links in mails point here. */
  readonly appUrl: string;
  readonly oauthSuccessRedirect: string | undefined;
  /**
   * Second factors: the AES-256-GCM key for TOTP secrets (unset in production without MFA_ENCRYPTION_KEY: MFA answers 503),
   * and the issuer authenticator apps show (APP_NAME).
   */
  readonly mfa: { readonly encryptionKey: Buffer | undefined; readonly issuer: string };
  /** The WebAuthn relying party passkeys are bound to. */
  readonly webauthn: WebAuthnConfig;
  readonly cookieSecret: string;
  /** METRICS_TOKEN: the bearer token of GET /metrics; unset, the route is off. */
  readonly metricsToken: string | undefined;
  /** INTROSPECTION_CLIENTS by id: who may call POST /oauth/introspect (undefined: nobody, the route is absent). */
  readonly introspectionClients: ReadonlyMap<string, IntrospectionClient> | undefined;
  /** DISABLED_FEATURES: the optional features whose routes are off (src/feature.ts checks the names). */
  readonly disabledFeatures: ReadonlySet<string>;
  readonly logLevel: string;
  /** Development only (undefined in production and tests): DEV_DATA_DIR, the kept database's record and the kept secrets. */
  readonly devData: DevDataConfig | undefined;
  /** Start-up warnings (generated secrets, ...) for the server to log once it has a logger. */
  readonly warnings: readonly string[];
}

// Where development departs from the contract's defaults: a person clicking through the demo page
// (Google's button included) is not an attacker. Production and tests keep the contract's numbers.
const DEVELOPMENT_DEFAULTS: Record<string, string> = { RATE_LIMIT_AUTH_MAX: '1000' };

function withDevelopmentDefaults(source: Record<string, string | undefined>): Record<string, string | undefined> {
  if (source.NODE_ENV && source.NODE_ENV !== 'development') return source;
  return { ...source, ...Object.fromEntries(Object.entries(DEVELOPMENT_DEFAULTS).filter(([name]) => !source[name])) };
}

function rateLimitConfig(env: Env): Config['rateLimit'] {
  return Object.freeze({
    authMax: env.RATE_LIMIT_AUTH_MAX,
    authWindowMs: env.RATE_LIMIT_AUTH_WINDOW * 1000,
    loginFailureMax: env.LOGIN_FAILURE_MAX,
    loginFailureWindowMs: env.LOGIN_FAILURE_WINDOW * 1000,
  });
}

/** What production requires besides its secrets; throws ConfigError naming what is missing. */
function checkProduction(env: Env, warnings: string[]): void {
  if (!env.MONGODB_URI) throw new ConfigError('MONGODB_URI is required in production');
  if (env.SMTP_URL && !env.APP_URL) throw new ConfigError('APP_URL is required in production when SMTP_URL is set');
  if (env.SMTP_URL && !env.MAIL_FROM) throw new ConfigError('MAIL_FROM is required in production when SMTP_URL is set');
  if (!env.SMTP_URL) warnings.push('SMTP_URL is not set: email verification and password reset answer 503 MAIL_NOT_CONFIGURED');
}

/** The access-token settings: the keys built once (JWT_SECRET's, JWT_SIGNING_KEYS), issuer, audience, client id and lifetime. */
function jwtConfig(env: Env, jwtSecret: string): Config['jwt'] {
  return Object.freeze({
    key: createSecretKey(Buffer.from(jwtSecret, 'utf8')),
    signingKeys: signingKeys(env.JWT_SIGNING_KEYS),
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    clientId: env.JWT_CLIENT_ID ?? env.JWT_ISSUER,
    accessTtlSeconds: env.ACCESS_TOKEN_TTL,
  });
}

function mailConfig(env: Env): Config['mail'] {
  return Object.freeze({
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM ?? DEV_MAIL_FROM,
    perEmailMax: env.MAIL_PER_EMAIL_MAX,
    perEmailWindowMs: env.MAIL_PER_EMAIL_WINDOW * 1000,
  });
}

/** How a process reads its configuration: only the server keeps development's generated secrets (src/config/dev-data.config.ts). */
export interface LoadOptions {
  readonly keepDevSecrets?: boolean;
}

/** Parses and validates the environment once; throws ConfigError naming the first bad variable. */
export function loadConfig(source: Record<string, string | undefined>, { keepDevSecrets = false }: LoadOptions = {}): Config {
  const parsed = envSchema.safeParse(withDevelopmentDefaults(source));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${String(issue?.path[0])}: invalid value, expected ${issue?.message}`);
  }
  const { env, devData } = developmentData(parsed.data, keepDevSecrets);
  const production = env.NODE_ENV === 'production';
  const warnings: string[] = [];
  const jwtSecret = resolveSecret('JWT_SECRET', env.JWT_SECRET, secretUse(production, true), warnings);
  if (production) checkProduction(env, warnings);
  const providers = providerConfigs(env, warnings);
  // The state and code cookies of every provider's sign-in are signed with it.
  const cookieUse = secretUse(production, Object.values(providers).some(Boolean));
  const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`;
  return Object.freeze({
    env: env.NODE_ENV,
    port: env.PORT,
    mongodbUri: env.MONGODB_URI,
    dbOperationTimeoutMs: env.DB_OPERATION_TIMEOUT * 1000,
    jwt: jwtConfig(env, jwtSecret),
    refreshTtlSeconds: env.REFRESH_TOKEN_TTL,
    pageCursorKey: Buffer.from(hkdfSync('sha256', jwtSecret, '', 'express-auth-starter page cursor', 32)),
    reauthMaxAgeSeconds: env.REAUTH_MAX_AGE,
    bcryptRounds: env.BCRYPT_ROUNDS,
    bcryptThreads: env.BCRYPT_THREADS,
    bodyLimit: env.BODY_LIMIT,
    trustProxy: env.TRUST_PROXY,
    corsOrigins: Object.freeze(env.CORS_ORIGINS),
    redis: env.REDIS_URL ? Object.freeze({ url: env.REDIS_URL, tlsVerify: env.REDIS_TLS_VERIFY === 'true' }) : undefined,
    rateLimit: rateLimitConfig(env),
    ...providers,
    mail: mailConfig(env),
    appUrl,
    oauthSuccessRedirect: env.OAUTH_SUCCESS_REDIRECT,
    mfa: Object.freeze({ encryptionKey: mfaEncryptionKey(env.MFA_ENCRYPTION_KEY, production, warnings), issuer: env.APP_NAME }),
    webauthn: webauthnConfig(env.WEBAUTHN_ORIGIN ?? appUrl, env.WEBAUTHN_RP_ID, env.WEBAUTHN_RP_NAME ?? env.APP_NAME),
    cookieSecret: resolveSecret('COOKIE_SECRET', env.COOKIE_SECRET, cookieUse, warnings),
    // Unset: GET /metrics is off. Set: it must be as strong as any secret, in every environment.
    metricsToken: env.METRICS_TOKEN === undefined ? undefined : resolveSecret('METRICS_TOKEN', env.METRICS_TOKEN, 'required', warnings),
    introspectionClients: introspectionClients(env.INTROSPECTION_CLIENTS, (name, secret) =>
      resolveSecret(name, secret, 'required', warnings),
    ),
    disabledFeatures: new Set(env.DISABLED_FEATURES),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    devData,
    warnings: Object.freeze(warnings),
  });
}
