import jwt, { type SignOptions } from 'jsonwebtoken';
import { TEST_JWT_SECRET } from './app.js';

/** The session (`sid` claim) of an access token the API issued. */
export function sessionIdOf(accessToken: string): string {
  const { sid } = jwt.decode(accessToken) as { sid: string };
  return sid;
}

/**
 * Signs an access-token-shaped JWT with the test secret for session `sid` (take a live one from
 * sessionIdOf, so that only the bent option can be why it is refused).
 */
export function forgeAccessToken(
  sub: string,
  sid: string,
  { secret = TEST_JWT_SECRET, ver = 0, typ = 'at+jwt', ...options }: SignOptions & { secret?: string; ver?: number; typ?: string } = {},
): string {
  return jwt.sign({ ver, sid }, secret, {
    algorithm: 'HS256',
    header: { alg: options.algorithm ?? 'HS256', typ },
    subject: sub,
    issuer: 'express-auth-starter',
    audience: 'express-auth-starter',
    expiresIn: 900,
    jwtid: 'forged',
    ...options,
  });
}

/** An unsigned token (`alg: none`) with valid-looking claims. */
export function unsignedToken(sub: string, sid: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode({ sub, sid, ver: 0, iat: now, exp: now + 900, iss: 'express-auth-starter', aud: 'express-auth-starter', jti: 'x' })}.`;
}
