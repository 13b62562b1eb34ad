// A sign-in provider as a feature: its Passport strategy and its mapping are all a provider folder
// holds (a folder of src/features/ each: google, oidc, github); the routes, the state cookie, the one-time code, the MFA
// step, linking and claiming are the same for every provider (docs/extending.md, "Add a sign-in provider").
import type { Strategy } from 'passport';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import type { Feature } from '../feature.js';
import type { UserRecord } from '../models/user.model.js';
import { createCookieStateStore, type CookieStateStore } from './authorization-cookie.js';
import { signInWithExternalIdentity, type ExternalIdentity } from './external-sign-in.service.js';
import { providerRoutes } from './provider-routes.js';
import { PROVIDERS, type Provider } from './providers.js';

/** Ends a strategy's verify step: the account of the identity its mapping made (none: OAUTH_DENIED). */
export type SignIn = (identity: ExternalIdentity | undefined) => Promise<UserRecord>;

/** What a strategy is built with: its settings, the state store of passport-oauth2 strategies, and the sign-in. */
export interface StrategyKit<Settings> {
  readonly settings: Settings;
  readonly config: Config;
  /** The state store for a passport-oauth2 strategy (state and PKCE in the signed cookie of this provider). */
  readonly store: CookieStateStore;
  readonly signIn: SignIn;
}

export interface SignInProvider<Settings> {
  readonly name: Provider;
  /** The variables that turn it on, for the start-up line when it is off. */
  readonly variables: string;
  /** Its settings, when they are all set; else it is off. */
  readonly settings: (config: Config) => Settings | undefined;
  /** Its name on the button and in messages (a generic provider's is configurable). */
  readonly label?: (settings: Settings) => string;
  /** The provider's host, for the start-up line. */
  readonly host: (settings: Settings) => string;
  readonly strategy: (kit: StrategyKit<Settings>) => Strategy;
}

const signIn: SignIn = (identity) => {
  if (!identity) return Promise.reject(new AppError('OAUTH_DENIED', 'The provider did not share a subject and an email address.'));
  return signInWithExternalIdentity(identity);
};

/** The feature of one sign-in provider. */
export function providerFeature<Settings>(provider: SignInProvider<Settings>): Feature {
  const { name } = provider;
  const label = (settings: Settings | undefined) => (settings && provider.label?.(settings)) ?? PROVIDERS[name].label;
  return {
    name,
    describe: (config) => {
      const settings = provider.settings(config);
      if (!settings) return `${name} off (set ${provider.variables}: AUTH-SETUP.md)`;
      const after = config.oauthSuccessRedirect
        ? `back to ${config.oauthSuccessRedirect}`
        : 'the callback answers JSON (set OAUTH_SUCCESS_REDIRECT to land on a page)';
      return `${name} on (provider ${provider.host(settings)}; ${after})`;
    },
    routes: ({ config, passport, limiters }) => {
      const settings = provider.settings(config);
      if (settings) {
        const store = createCookieStateStore(config, name);
        passport.use(name, provider.strategy({ settings, config, store, signIn }));
      }
      return providerRoutes({ provider: name, label: label(settings), configured: settings !== undefined }, config, passport, limiters);
    },
  };
}
