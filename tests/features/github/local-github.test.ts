import { describeLocalProviderScript } from '../../helpers/local-provider-script.js';
import { followOnce } from '../../helpers/sign-in-flow.js';

describeLocalProviderScript('scripts/local-github.ts', 'github', 'octodev@example.com', followOnce);
