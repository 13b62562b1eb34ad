#!/usr/bin/env node
// Prints a strong random secret. Usage: npm run gen-secret --silent [-- mfa | jwk [ES256]]
// - no argument: for JWT_SECRET or COOKIE_SECRET, 48 random bytes (384 bits), base64url (64 characters);
// - mfa: for MFA_ENCRYPTION_KEY, an AES-256 key: 32 random bytes, base64 (44 characters);
// - jwk: for JWT_SIGNING_KEYS, one private ES256 key as a JWK (a JSON object) with a fresh kid, to put
//   in the set's "keys" (docs/jwt-oauth-flow.md walks through a rotation).
import { generateKeyPairSync, randomBytes } from 'node:crypto';

function signingJwk(alg = 'ES256') {
  if (alg !== 'ES256') {
    process.stderr.write(`gen-secret jwk: ${alg} is not supported; JWT_SIGNING_KEYS takes ES256 keys (docs/jwt-oauth-flow.md)\n`);
    process.exit(2);
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // The date says which key is newer at a glance; the random part keeps two keys of one day apart.
  const kid = `${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  return JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' });
}

const [kind, alg] = process.argv.slice(2);
const secret =
  kind === 'jwk' ? signingJwk(alg) : kind === 'mfa' ? randomBytes(32).toString('base64') : randomBytes(48).toString('base64url');
process.stdout.write(`${secret}\n`);
