import { ConfigError } from './config-error.js';
import type { Config } from './config.js';
import type { Env } from './env.schema.js';

export interface GoogleConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly callbackUrl: string;
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly userInfoUrl: string;
}

export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly callbackUrl: string;
  /** The button's label and the provider's name in messages (OIDC_NAME). */
  readonly name: string;
}

export interface GitHubConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly callbackUrl: string;
  /** Where the authorize and token endpoints are (github.com, or a GitHub Enterprise host). */
  readonly baseUrl: string;
  /** The REST API root (`https://api.github.com`, or `https://HOST/api/v3`). */
  readonly apiUrl: string;
}

/**
 * A provider's client settings when they are all set; none set: off, silently; some set: off, with a
 * warning naming what is missing (a half-configured provider is a typo, not a choice).
 */
function allOrNone<Name extends keyof Env>(
  env: Env,
  names: readonly Name[],
  warnings: string[],
): { [K in Name]: NonNullable<Env[K]> } | undefined {
  const missing = names.filter((name) => env[name] === undefined);
  if (missing.length === names.length) return undefined;
  if (missing.length > 0) {
    warnings.push(
      `${names.filter((name) => !missing.includes(name)).join(', ')} set without ${missing.join(', ')}: that sign-in stays off`,
    );
    return undefined;
  }
  return Object.fromEntries(names.map((name) => [name, env[name]])) as { [K in Name]: NonNullable<Env[K]> };
}

/** Google sign-in, when its three settings are set; else off. */
function googleConfig(env: Env, warnings: string[]): GoogleConfig | undefined {
  const set = allOrNone(env, ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_CALLBACK_URL'], warnings);
  return (
    set && {
      clientId: set.GOOGLE_CLIENT_ID,
      clientSecret: set.GOOGLE_CLIENT_SECRET,
      callbackUrl: set.GOOGLE_CALLBACK_URL,
      authorizationUrl: env.GOOGLE_AUTHORIZATION_URL,
      tokenUrl: env.GOOGLE_TOKEN_URL,
      userInfoUrl: env.GOOGLE_USERINFO_URL,
    }
  );
}

/** Sign-in with any OpenID Connect provider, when its four settings are set; else off. */
function oidcConfig(env: Env, warnings: string[]): OidcConfig | undefined {
  const set = allOrNone(env, ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_CALLBACK_URL'], warnings);
  // Discovery and the ID token's keys come from the issuer: over plain HTTP anyone on the path could swap them.
  if (set && env.NODE_ENV === 'production' && new URL(set.OIDC_ISSUER).protocol !== 'https:') {
    throw new ConfigError('OIDC_ISSUER must be an https URL in production');
  }
  return (
    set && {
      // Discovery appends /.well-known/openid-configuration to the issuer as given; its `issuer` must match it exactly.
      issuer: set.OIDC_ISSUER,
      clientId: set.OIDC_CLIENT_ID,
      clientSecret: set.OIDC_CLIENT_SECRET,
      callbackUrl: set.OIDC_CALLBACK_URL,
      name: env.OIDC_NAME,
    }
  );
}

/** GitHub sign-in, when its three settings are set; else off. */
function gitHubConfig(env: Env, warnings: string[]): GitHubConfig | undefined {
  const set = allOrNone(env, ['GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET', 'GITHUB_CALLBACK_URL'], warnings);
  return (
    set && {
      clientId: set.GITHUB_CLIENT_ID,
      clientSecret: set.GITHUB_CLIENT_SECRET,
      callbackUrl: set.GITHUB_CALLBACK_URL,
      baseUrl: env.GITHUB_BASE_URL.replace(/\/+$/, ''),
      apiUrl: env.GITHUB_API_URL.replace(/\/+$/, ''),
    }
  );
}

/** Every sign-in provider's settings (each frozen; undefined when off). */
export function providerConfigs(env: Env, warnings: string[]): Pick<Config, 'google' | 'oidc' | 'github'> {
  const freeze = <T extends object>(settings: T | undefined) => settings && Object.freeze(settings);
  return {
    google: freeze(googleConfig(env, warnings)),
    oidc: freeze(oidcConfig(env, warnings)),
    github: freeze(gitHubConfig(env, warnings)),
  };
}
