import type { Feature } from '../../feature.js';
import { introspectionRoutes } from './introspection.routes.js';

/**
 * Token introspection (RFC 7662) at POST /oauth/introspect, for the resource servers INTROSPECTION_CLIENTS
 * names: they learn at once that a session ended, which a signature alone cannot tell (docs/jwt-oauth-flow.md).
 */
export const introspection: Feature = {
  name: 'introspection',
  describe: (config) =>
    config.introspectionClients
      ? `introspection on (POST /oauth/introspect, ${config.introspectionClients.size} client(s))`
      : 'introspection off (INTROSPECTION_CLIENTS unset)',
  routes: introspectionRoutes,
};
