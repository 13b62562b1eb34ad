import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { hashClientSecret, type IntrospectionClient } from '../../config/introspection.config.js';

const BASIC = /^Basic ([A-Za-z0-9+/]+={0,2})$/;
// Compared against when the id is unknown, so that an unknown id and a wrong secret take the same time.
const NOBODY = hashClientSecret('');

/** RFC 6749 §2.3.1: `Basic base64(urlencoded id ":" urlencoded secret)`; undefined when malformed. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = BASIC.exec(header ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/**
 * Lets through a resource server whose HTTP Basic id and secret are in INTROSPECTION_CLIENTS; anyone
 * else gets 401 `{"error": "invalid_client"}` with `WWW-Authenticate: Basic` (RFC 6749 §5.2), the shape
 * RFC 7662 §2.3 prescribes rather than a problem+json body.
 */
export function requireClient(clients: ReadonlyMap<string, IntrospectionClient>): RequestHandler {
  return (req, res, next) => {
    const credentials = basicCredentials(req.headers.authorization);
    const client = credentials && clients.get(credentials.id);
    const matches = timingSafeEqual(client?.secretHash ?? NOBODY, hashClientSecret(credentials?.secret ?? '\0'));
    if (client && matches) return next();
    res
      .status(401)
      .set({ 'WWW-Authenticate': 'Basic realm="introspection", charset="UTF-8"', 'Cache-Control': 'no-store' })
      .json({ error: 'invalid_client' });
  };
}
