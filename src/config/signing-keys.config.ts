import { createPrivateKey, createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { ConfigError } from './config-error.js';

/**
 * The one asymmetric algorithm JWT_SIGNING_KEYS takes. Not EdDSA: jsonwebtoken 9, which passport-jwt
 * verifies with, cannot sign or verify it (auth0/node-jsonwebtoken#987), and a second verifier beside
 * passport-jwt's would be a second place where a token is judged.
 */
export const SIGNING_ALGORITHM = 'ES256';

/** The public members of a signing key, as GET /.well-known/jwks.json publishes them (never `d`). */
export interface PublicJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: typeof SIGNING_ALGORITHM;
  readonly use: 'sig';
}

/** One key of JWT_SIGNING_KEYS, imported once at start: no request parses a key. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: typeof SIGNING_ALGORITHM;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicJwk: PublicJwk;
}

// Our own kids only ever travel in headers and JSON; a plain alphabet keeps them out of trouble anywhere else.
const KID = /^[A-Za-z0-9._-]{1,64}$/;

const invalid = (why: string) => new ConfigError(`JWT_SIGNING_KEYS: ${why}`);

/** Node takes a JWK's x and y as they are: a `d` that is not theirs would sign tokens that nobody can verify. */
function signsForItsPublicKey(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const probe = Buffer.from('JWT_SIGNING_KEYS');
  try {
    return verify('sha256', probe, publicKey, sign('sha256', probe, privateKey));
  } catch {
    return false;
  }
}

function signingKey(jwk: unknown, index: number): SigningKey {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw invalid(`key ${index + 1} is not a JSON object`);
  const { kid, alg, kty, crv, d } = jwk as Record<string, unknown>;
  if (typeof kid !== 'string' || !KID.test(kid))
    throw invalid(`key ${index + 1} needs a "kid" of 1 to 64 letters, digits, ".", "_" or "-"`);
  if (alg === 'EdDSA') throw invalid(`key "${kid}" is EdDSA, which jsonwebtoken 9 cannot verify: use ES256 (npm run gen-secret -- jwk)`);
  if (alg !== SIGNING_ALGORITHM || kty !== 'EC' || crv !== 'P-256') {
    throw invalid(`key "${kid}" must be an ES256 key ("alg": "ES256", "kty": "EC", "crv": "P-256")`);
  }
  if (typeof d !== 'string') throw invalid(`key "${kid}" has no private part ("d"): the set holds the private keys`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    throw invalid(`key "${kid}" is not a valid P-256 private key`);
  }
  const publicKey = createPublicKey(privateKey);
  const { x, y } = publicKey.export({ format: 'jwk' });
  if (typeof x !== 'string' || typeof y !== 'string' || !signsForItsPublicKey(privateKey, publicKey)) {
    throw invalid(`key "${kid}" is not a valid P-256 private key (its "d" does not match its "x" and "y")`);
  }
  const publicJwk = Object.freeze({ kty: 'EC', crv: 'P-256', x, y, kid, alg: SIGNING_ALGORITHM, use: 'sig' } as const);
  return Object.freeze({ kid, alg: SIGNING_ALGORITHM, privateKey, publicKey, publicJwk });
}

/**
 * JWT_SIGNING_KEYS, a JSON Web Key Set of private keys: the first signs, every one verifies (rotation,
 * docs/jwt-oauth-flow.md). Unset: undefined, and access tokens stay HS256 with JWT_SECRET. Throws
 * ConfigError, in one line, for anything else than a non-empty set of valid ES256 keys with unique kids.
 */
export function signingKeys(value: string | undefined): readonly SigningKey[] | undefined {
  if (value === undefined) return undefined;
  let set: unknown;
  try {
    set = JSON.parse(value);
  } catch {
    throw invalid('not JSON (expected a JSON Web Key Set: {"keys": [...]})');
  }
  const keys = typeof set === 'object' && set !== null ? (set as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys) || keys.length === 0) throw invalid('expected {"keys": [...]} with at least one key');
  const parsed = keys.map(signingKey);
  const kids = parsed.map((key) => key.kid);
  const duplicate = kids.find((kid, i) => kids.indexOf(kid) !== i);
  if (duplicate !== undefined) throw invalid(`the kid "${duplicate}" is used twice`);
  return Object.freeze(parsed);
}
