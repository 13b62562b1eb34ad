import type { Config } from '../config/config.js';
import { Jwks } from '../schemas/jwks.schemas.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

// Verifiers may cache the set this long: a key removed from JWT_SIGNING_KEYS must wait this, plus
// ACCESS_TOKEN_TTL, after the deploy that stopped signing with it (docs/jwt-oauth-flow.md, rotation).
export const JWKS_MAX_AGE_SECONDS = 300;

/**
 * GET /.well-known/jwks.json: the public halves of JWT_SIGNING_KEYS, so that another service can verify
 * our access tokens without any secret. Absent (404, and not in the document) while tokens are HS256.
 */
export function jwksRoutes(jwt: Config['jwt']): RouteSpec[] {
  if (!jwt.signingKeys) return [];
  const body = { keys: jwt.signingKeys.map((key) => key.publicJwk) };
  return [
    defineRoute({
      method: 'get',
      path: '/.well-known/jwks.json',
      summary: 'The public keys that verify access tokens (JSON Web Key Set), when JWT_SIGNING_KEYS is set',
      success: { status: 200, description: 'Every key that verifies; the first one signs', schema: Jwks },
      // A server whose tokens are HS256 has no such route: documented, so that a client can tell why.
      errors: ['NOT_FOUND'],
      handler: (_req, res) => res.set('Cache-Control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`).json(body),
    }),
  ];
}
