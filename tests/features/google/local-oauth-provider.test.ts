import { describeLocalProviderScript } from '../../helpers/local-provider-script.js';
import { followOnce } from '../../helpers/sign-in-flow.js';

describeLocalProviderScript('scripts/local-oauth-provider.ts', 'google', 'dev@example.com', followOnce);
