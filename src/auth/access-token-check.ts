import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Config } from '../config/config.js';
import type { SigningKey } from '../config/signing-keys.config.js';
import { findUserForToken, type UserRecord } from '../models/user.model.js';
import { ACCESS_TOKEN_TYPE, accessTokenAlgorithm } from './access-token.js';
import { isSessionId, liveSessionFilter } from './live-sessions.js';

// How far ahead of this clock another instance's clock may be: an `iat` later than that is forged.
const CLOCK_SKEW_SECONDS = 5;

interface CompleteToken {
  header: { typ?: unknown; crit?: unknown };
  payload: {
    sub?: unknown;
    ver?: unknown;
    jti?: unknown;
    exp?: unknown;
    iat?: unknown;
    sid?: unknown;
    auth_time?: unknown;
    iss?: unknown;
    aud?: unknown;
    client_id?: unknown;
  };
}

/** The claims of an access token that passed every check but the user lookup. */
export type AccessTokenClaims = CompleteToken['payload'] & {
  sub: string;
  ver: number;
  jti: string;
  exp: number;
  iat: number;
  sid: string;
  auth_time: number;
};

export function isCompleteToken(value: unknown): value is CompleteToken {
  return typeof value === 'object' && value !== null && 'header' in value && 'payload' in value;
}

/**
 * The header and claims jsonwebtoken leaves unchecked: `typ`, no `crit` (RFC 7515 §4.1.11: we
 * understand no extension, so a token that requires one is refused), an `exp` (checked by
 * jsonwebtoken only when present), an `iat` that is not in the future, a session id in `sid`, and an
 * `auth_time` no later than `iat` (a token claiming a sign-in after its own issue is not ours).
 */
export function isOurAccessToken(token: CompleteToken): token is CompleteToken & { payload: AccessTokenClaims } {
  const { header, payload } = token;
  const { sub, ver, jti, exp, iat, sid, auth_time: authTime } = payload;
  return (
    header.typ === ACCESS_TOKEN_TYPE &&
    header.crit === undefined &&
    typeof sub === 'string' &&
    /^[0-9a-f]{24}$/.test(sub) &&
    typeof ver === 'number' &&
    typeof jti === 'string' &&
    typeof exp === 'number' &&
    typeof iat === 'number' &&
    iat <= Date.now() / 1000 + CLOCK_SKEW_SECONDS &&
    typeof authTime === 'number' &&
    authTime <= iat &&
    isSessionId(sid)
  );
}

/** The token's JOSE header, or undefined when its first part is not base64url JSON of an object. */
function joseHeader(rawToken: string): { kid?: unknown; alg?: unknown } | undefined {
  const end = rawToken.indexOf('.');
  if (end < 1) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(rawToken.slice(0, end), 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null ? header : undefined;
  } catch {
    return undefined;
  }
}

/**
 * With signing keys, the token's `kid` picks the public key that verifies it, and its `alg` must be
 * that key's (RFC 8725 §3.1): no kid, an unknown one, or another alg (HS256 signed with the public
 * key, `none`) is refused before jsonwebtoken runs. The kid is only ever a key of this map (RFC 8725
 * §3.10): never a path, a query or a URL.
 */
function signingKeyFor(keys: readonly SigningKey[]): (rawToken: string) => KeyObject | undefined {
  const byKid = new Map(keys.map((key) => [key.kid, key]));
  return (rawToken) => {
    const header = joseHeader(rawToken);
    const key = typeof header?.kid === 'string' ? byKid.get(header.kid) : undefined;
    return key && header?.alg === key.alg ? key.publicKey : undefined;
  };
}

/**
 * How an access token is verified, for every place that verifies one (the passport-jwt strategy,
 * introspection): the key for a raw token (JWT_SECRET's, or the signing key its kid names), and
 * jsonwebtoken's options: one algorithm, issuer and audience pinned, the header returned.
 */
export interface AccessTokenCheck {
  readonly keyFor: (rawToken: string) => KeyObject | undefined;
  readonly options: { algorithms: [ReturnType<typeof accessTokenAlgorithm>]; issuer: string; audience: string; complete: true };
}

export function accessTokenCheck(jwtConfig: Config['jwt']): AccessTokenCheck {
  const { signingKeys, key } = jwtConfig;
  return {
    keyFor: signingKeys ? signingKeyFor(signingKeys) : () => key,
    options: { algorithms: [accessTokenAlgorithm(jwtConfig)], issuer: jwtConfig.issuer, audience: jwtConfig.audience, complete: true },
  };
}

/** The claims of a raw access token when its signature, header and claims all hold; no user is read. */
export function verifiedClaims(rawToken: string, check: AccessTokenCheck): AccessTokenClaims | undefined {
  const key = check.keyFor(rawToken);
  if (!key) return undefined;
  try {
    const token: unknown = jwt.verify(rawToken, key, check.options);
    return isCompleteToken(token) && isOurAccessToken(token) ? token.payload : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The user a verified token speaks for: still there, enabled, with the token's version and its session
 * (`sid`) still live. One indexed query checks all of it, so an ended session is refused at once.
 */
export async function liveUserOf(claims: AccessTokenClaims): Promise<UserRecord | undefined> {
  const user = await findUserForToken(claims.sub, liveSessionFilter(claims.sid));
  return user?.tokenVersion === claims.ver && user.disabled !== true ? user : undefined;
}
