import assert from 'node:assert/strict';
import { generateOpaqueToken, hashOpaqueToken } from '../../../src/auth/opaque-token.js';

describe('opaque tokens', () => {
  it('carry 256 random bits, URL-safe', () => {
    const token = generateOpaqueToken();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.notEqual(generateOpaqueToken(), token);
  });

  it('are stored as their SHA-256 digest', () => {
    assert.equal(hashOpaqueToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
