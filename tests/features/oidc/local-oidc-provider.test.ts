import { describeLocalProviderScript } from '../../helpers/local-provider-script.js';
import { followRedirects } from '../../helpers/sign-in-flow.js';

describeLocalProviderScript('scripts/local-oidc-provider.ts', 'oidc', 'oidc-dev@example.com', followRedirects());
