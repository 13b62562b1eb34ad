import { createHmac, randomUUID, sign, type KeyObject } from 'node:crypto';
import { TEST_JWT_SECRET } from './app.js';

const ISSUER = 'express-auth-starter';

export interface ForgeOptions {
  /** The signing key: the test secret unless bent (an RSA private key for RS256, an EC P-256 one for ES256). */
  readonly secret?: string | KeyObject;
  /** Header fields laid over `{ alg: 'HS256', typ: 'at+jwt' }`. */
  readonly header?: Record<string, unknown>;
  /** Claims laid over ours (sub, ver, jti, iss, aud, iat, exp, auth_time); a claim set to `undefined` is left out. */
  readonly claims?: Record<string, unknown>;
  /** The session (`sid` claim): take a live one from sessionIdOf, so that only the bent option can be why it is refused. */
  readonly sid?: string;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The session (`sid` claim) of an access token the API issued. */
export function sessionIdOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()) as { sid: string };
  return payload.sid;
}

function signature(alg: unknown, signingInput: string, key: string | KeyObject): string {
  if (alg === 'none') return '';
  if (alg === 'RS256') return sign('sha256', Buffer.from(signingInput), key).toString('base64url');
  // JWS wants ES256's r and s side by side (RFC 7518 §3.4), not Node's default DER.
  if (alg === 'ES256')
    return sign('sha256', Buffer.from(signingInput), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  return createHmac(alg === 'HS512' ? 'sha512' : 'sha256', key)
    .update(signingInput)
    .digest('base64url');
}

/**
 * An access token for `sub`, built by hand as an attacker would: by default signed exactly like ours
 * (so the API accepts it, given a live `sid`), each option bends one thing the attacker controls.
 */
export function forgeAccessToken(sub: string, { secret = TEST_JWT_SECRET, header = {}, claims = {}, sid }: ForgeOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const fullHeader = { alg: 'HS256', typ: 'at+jwt', ...header };
  const payload = { sub, ver: 0, jti: randomUUID(), iss: ISSUER, aud: ISSUER, iat: now, exp: now + 600, auth_time: now, sid, ...claims };
  const signingInput = `${b64(fullHeader)}.${b64(payload)}`;
  return `${signingInput}.${signature(fullHeader.alg, signingInput, secret)}`;
}
