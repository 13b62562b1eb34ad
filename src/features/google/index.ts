import { providerFeature } from '../../sign-in/provider-feature.js';
import { createGoogleStrategy } from './google.strategy.js';

/** Sign-in with Google (OAuth 2.0 with state and PKCE, the profile from its OpenID Connect userinfo endpoint). */
export const google = providerFeature({
  name: 'google',
  variables: 'GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_CALLBACK_URL',
  settings: (config) => config.google,
  host: (settings) => new URL(settings.authorizationUrl).host,
  strategy: createGoogleStrategy,
});
