import { providerFeature } from '../../sign-in/provider-feature.js';
import { createOidcStrategy } from './oidc.strategy.js';

/** Sign-in with any OpenID Connect provider (Entra ID, Auth0, Okta, Keycloak, GitLab...), found by discovery. */
export const oidc = providerFeature({
  name: 'oidc',
  variables: 'OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_CALLBACK_URL',
  settings: (config) => config.oidc,
  label: (settings) => settings.name,
  host: (settings) => new URL(settings.issuer).host,
  strategy: createOidcStrategy,
});
