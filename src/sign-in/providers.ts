/** Each sign-in provider, the user field that holds its subject, and its name in messages. */
export const PROVIDERS = {
  google: { field: 'googleId', label: 'Google' },
  oidc: { field: 'oidcId', label: 'OpenID Connect' },
  github: { field: 'githubId', label: 'GitHub' },
} as const;

export type Provider = keyof typeof PROVIDERS;
export type ProviderField = (typeof PROVIDERS)[Provider]['field'];

export const PROVIDER_NAMES = Object.keys(PROVIDERS) as Provider[];

/** `$unset` of every provider link but `keep`'s. */
export function otherLinks(keep: ProviderField): Record<string, 1> {
  return Object.fromEntries(
    PROVIDER_NAMES.map((name) => PROVIDERS[name].field)
      .filter((field) => field !== keep)
      .map((field) => [field, 1]),
  );
}
