import jwt, { type SignOptions } from 'jsonwebtoken';
import { TEST_JWT_SECRET } from './app.js';

/** Signs an access-token-shaped JWT with the test secret; each option can be bent to forge a bad token. */
export function forgeAccessToken(
  sub: string,
  {
    secret = TEST_JWT_SECRET,
    ver = 0,
    typ = 'at+jwt',
    iat,
    ...options
  }: SignOptions & { secret?: string; ver?: number; typ?: string; iat?: number } = {},
): string {
  return jwt.sign({ ver, ...(iat !== undefined && { iat }) }, secret, {
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
export function unsignedToken(sub: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode({ sub, ver: 0, iat: now, exp: now + 900, iss: 'express-auth-starter', aud: 'express-auth-starter', jti: 'x' })}.`;
}
