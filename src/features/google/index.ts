import { voidUnspent } from '../../auth/single-use-token.js';
import type { Config } from '../../config/config.js';
import type { Feature } from '../../feature.js';
import { signInWithExternalIdentity } from '../../services/external-sign-in.service.js';
import { createGoogleStrategy } from './google.strategy.js';
import { OAuthCodeModel } from './oauth-code.model.js';
import { oauthRoutes } from './oauth.routes.js';
import { createCookieStateStore } from './oauth-state-store.js';

function describe(config: Config): string {
  if (!config.google) return 'google off (set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_CALLBACK_URL: AUTH-SETUP.md)';
  const provider = new URL(config.google.authorizationUrl).host;
  const after = config.oauthSuccessRedirect
    ? `back to ${config.oauthSuccessRedirect}`
    : 'the callback answers JSON (set OAUTH_SUCCESS_REDIRECT to land on a page)';
  return `google on (provider ${provider}; ${after})`;
}

/** Sign-in with Google (OAuth 2.0 with state and PKCE), and the one-time code a redirect hands the front end. */
export const google: Feature = {
  name: 'google',
  describe,
  routes: ({ config, passport, limiters }) => {
    if (config.google) {
      passport.use('google', createGoogleStrategy(config.google, createCookieStateStore(config), signInWithExternalIdentity));
    }
    return oauthRoutes(config, passport, limiters);
  },
  voidPending: (user) => voidUnspent(OAuthCodeModel, user),
  deleteUserData: (user) => OAuthCodeModel.deleteMany({ user }),
};
