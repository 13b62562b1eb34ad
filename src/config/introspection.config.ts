import { createHash } from 'node:crypto';
import { ConfigError } from './config-error.js';

/** A resource server that may ask POST /oauth/introspect, known by its id and the SHA-256 of its secret. */
export interface IntrospectionClient {
  readonly id: string;
  readonly secretHash: Buffer;
}

const CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;

export const hashClientSecret = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/**
 * INTROSPECTION_CLIENTS, `id:secret,id2:secret2`: the resource servers allowed to introspect, each secret
 * held only as its SHA-256. `checkSecret` refuses a weak secret as it refuses a weak JWT_SECRET (the
 * secret is `INTROSPECTION_CLIENTS (id)` in its message). Unset: undefined, and the route is absent.
 */
export function introspectionClients(
  value: string | undefined,
  checkSecret: (name: string, secret: string) => string,
): ReadonlyMap<string, IntrospectionClient> | undefined {
  if (value === undefined) return undefined;
  const clients = new Map<string, IntrospectionClient>();
  for (const entry of value.split(',')) {
    const colon = entry.indexOf(':');
    const id = entry.slice(0, colon).trim();
    if (colon < 0 || !CLIENT_ID.test(id)) {
      throw new ConfigError('INTROSPECTION_CLIENTS: expected id:secret,id2:secret2 with ids of 1 to 64 letters, digits, ".", "_" or "-"');
    }
    if (clients.has(id)) throw new ConfigError(`INTROSPECTION_CLIENTS: the id "${id}" is listed twice`);
    const secret = checkSecret(`INTROSPECTION_CLIENTS (${id})`, entry.slice(colon + 1).trim());
    clients.set(id, Object.freeze({ id, secretHash: hashClientSecret(secret) }));
  }
  return clients;
}
