import { createHmac, randomUUID, sign, type KeyObject } from 'node:crypto';
import { TEST_JWT_SECRET } from './app.js';

const ISSUER = 'express-auth-starter';

export interface ForgeOptions {
  /** The signing key: the test secret unless bent (an RSA private key for RS256). */
  readonly secret?: string | KeyObject;
  /** Header fields laid over `{ alg: 'HS256', typ: 'at+jwt' }`. */
  readonly header?: Record<string, unknown>;
  /** Claims laid over ours (sub, ver, jti, iss, aud, iat, exp); a claim set to `undefined` is left out. */
  readonly claims?: Record<string, unknown>;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signature(alg: unknown, signingInput: string, key: string | KeyObject): string {
  if (alg === 'none') return '';
  if (alg === 'RS256') return sign('sha256', Buffer.from(signingInput), key).toString('base64url');
  return createHmac(alg === 'HS512' ? 'sha512' : 'sha256', key)
    .update(signingInput)
    .digest('base64url');
}

/**
 * An access token for `sub`, built by hand as an attacker would: by default signed exactly like ours
 * (so the API accepts it), each option bends one thing the attacker controls.
 */
export function forgeAccessToken(sub: string, { secret = TEST_JWT_SECRET, header = {}, claims = {} }: ForgeOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const fullHeader = { alg: 'HS256', typ: 'at+jwt', ...header };
  const payload = { sub, ver: 0, jti: randomUUID(), iss: ISSUER, aud: ISSUER, iat: now, exp: now + 600, ...claims };
  const signingInput = `${b64(fullHeader)}.${b64(payload)}`;
  return `${signingInput}.${signature(fullHeader.alg, signingInput, secret)}`;
}
