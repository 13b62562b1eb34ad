import assert from 'node:assert/strict';
import { generateToken, hashToken } from '../../../src/auth/single-use-token.js';

describe('single-use tokens', () => {
  it('carry 256 random bits, URL-safe', () => {
    const { token } = generateToken(60);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.notEqual(generateToken(60).token, token);
  });

  it('are stored as their SHA-256 digest, expiring ttlSeconds from now', () => {
    assert.equal(hashToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const { token, stored } = generateToken(60, 1_000);
    assert.deepEqual(stored, { tokenHash: hashToken(token), expiresAt: new Date(61_000) });
  });
});
