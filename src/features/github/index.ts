import { providerFeature } from '../../sign-in/provider-feature.js';
import { createGitHubStrategy } from './github.strategy.js';

/** Sign-in with GitHub (OAuth 2.0 with state and PKCE; the primary verified email from its API). */
export const github = providerFeature({
  name: 'github',
  variables: 'GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET and GITHUB_CALLBACK_URL',
  settings: (config) => config.github,
  host: (settings) => new URL(settings.baseUrl).host,
  strategy: createGitHubStrategy,
});
