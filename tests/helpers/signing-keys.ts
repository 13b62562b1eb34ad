import { generateKeyPairSync, type KeyObject } from 'node:crypto';

/** An ES256 signing key, as `npm run gen-secret -- jwk` prints one: its private key, and its JWK for JWT_SIGNING_KEYS. */
export interface TestSigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly jwk: Record<string, unknown>;
}

export function newSigningKey(kid: string): TestSigningKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, privateKey, jwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' } };
}

/** The JWT_SIGNING_KEYS setting of a deployment with these keys, the first one signing. */
export function deployedKeys(...keys: TestSigningKey[]): { JWT_SIGNING_KEYS: string } {
  return { JWT_SIGNING_KEYS: JSON.stringify({ keys: keys.map((key) => key.jwk) }) };
}
