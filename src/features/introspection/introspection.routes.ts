import { accessTokenCheck, liveUserOf, verifiedClaims } from '../../auth/access-token-check.js';
import type { FeatureContext } from '../../feature.js';
import { defineRoute, type RouteSpec } from '../../routes/route-spec.js';
import { requireClient } from './client-auth.js';
import { IntrospectionRequest, IntrospectionResponse, InvalidClient } from './introspection.schemas.js';

/**
 * POST /oauth/introspect (RFC 7662), for a resource server that must see a revocation at once: a token
 * is active only while it verifies as /auth/me would take it, its session is live and its user enabled
 * (one indexed lookup, the same as the JWT check's). Absent without INTROSPECTION_CLIENTS.
 */
export function introspectionRoutes({ config, limiters }: FeatureContext): RouteSpec[] {
  const clients = config.introspectionClients;
  if (!clients) return [];
  const check = accessTokenCheck(config.jwt);
  return [
    defineRoute({
      method: 'post',
      path: '/oauth/introspect',
      summary: 'Whether an access token is active now (RFC 7662), for resource servers with INTROSPECTION_CLIENTS credentials',
      security: 'basic',
      // Failed client authentications count per address; a token that is not active is an answer, not a failure.
      before: [limiters.clientAuthFailuresPerIp, requireClient(clients)],
      bodyMediaType: 'application/x-www-form-urlencoded',
      body: IntrospectionRequest,
      success: {
        status: 200,
        description: 'The token\'s claims while it is active, else `{"active": false}` alone',
        schema: IntrospectionResponse,
      },
      // NOT_FOUND: a server without INTROSPECTION_CLIENTS has no such route.
      errors: ['NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      protocolErrors: [{ status: 401, description: 'Missing or wrong client credentials (RFC 6749 §5.2)', schema: InvalidClient }],
      handler: async (req, res) => {
        res.set('Cache-Control', 'no-store');
        const claims = verifiedClaims(req.body.token, check);
        if (!claims || !(await liveUserOf(claims))) {
          res.json({ active: false });
          return;
        }
        const { sub, sid, client_id: clientId, iss, aud, exp, iat, auth_time: authTime, jti } = claims;
        res.json({
          active: true,
          sub,
          sid,
          ...(typeof clientId === 'string' && { client_id: clientId }),
          iss,
          aud,
          exp,
          iat,
          auth_time: authTime,
          jti,
          token_type: 'Bearer',
        });
      },
    }),
  ];
}
