import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Config } from '../config/config.js';
import { SIGNING_ALGORITHM } from '../config/signing-keys.config.js';

/** RFC 9068 media type of our access tokens; also what tells them apart from any other JWT. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** What signs and verifies access tokens: ES256 with JWT_SIGNING_KEYS set, else HS256 with JWT_SECRET. */
export function accessTokenAlgorithm(jwtConfig: Config['jwt']): typeof SIGNING_ALGORITHM | 'HS256' {
  return jwtConfig.signingKeys ? SIGNING_ALGORITHM : 'HS256';
}

export interface AccessTokenSubject {
  readonly userId: string;
  readonly tokenVersion: number;
  /** The session the token belongs to: the `sid` claim, which the JWT check looks up on the user. */
  readonly sessionId: string;
  /** The `auth_time` claim (seconds): when the person last proved who they are in this session. */
  readonly authTime: number;
}

export interface SignedAccessToken {
  readonly token: string;
  /** The `jti` claim: this one token. */
  readonly tokenId: string;
  readonly expiresIn: number;
}

/**
 * Signs an access token with exactly the contract's header (alg, typ, and kid with signing keys) and
 * claims (sub, iat, exp, iss, aud, client_id, jti, ver, sid, auth_time).
 */
export function signAccessToken(subject: AccessTokenSubject, jwtConfig: Config['jwt']): SignedAccessToken {
  const tokenId = randomUUID();
  const algorithm = accessTokenAlgorithm(jwtConfig);
  const signer = jwtConfig.signingKeys?.[0];
  const claims = { ver: subject.tokenVersion, sid: subject.sessionId, auth_time: subject.authTime, client_id: jwtConfig.clientId };
  const token = jwt.sign(claims, signer?.privateKey ?? jwtConfig.key, {
    algorithm,
    header: { alg: algorithm, typ: ACCESS_TOKEN_TYPE, ...(signer && { kid: signer.kid }) },
    subject: subject.userId,
    issuer: jwtConfig.issuer,
    audience: jwtConfig.audience,
    expiresIn: jwtConfig.accessTtlSeconds,
    jwtid: tokenId,
  });
  return { token, tokenId, expiresIn: jwtConfig.accessTtlSeconds };
}
