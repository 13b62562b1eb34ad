// The features of this app, one line each. `npm run feature:remove -- <name>` deletes a feature's folder
// and its line here; DISABLED_FEATURES switches one off at run time (docs/extending.md).
export { google } from './google/index.js';
export { oidc } from './oidc/index.js';
export { github } from './github/index.js';
export { mail } from './mail/index.js';
export { mfa } from './mfa/index.js';
export { passkeys } from './passkeys/index.js';
export { admin } from './admin/index.js';
export { notes } from './notes/index.js';
export { metrics } from './metrics/index.js';
export { introspection } from './introspection/index.js';
