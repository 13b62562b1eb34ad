import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import { generateTotpSecret, matchTotpStep, totpUri } from '../../../src/features/mfa/totp.js';

// RFC 6238 appendix B, SHA-1 rows: the 20-byte ASCII seed, T in seconds, the 8-digit codes.
const RFC_SEED = Secret.fromUTF8('12345678901234567890');
const RFC_VECTORS = [
  { time: 59, code: '94287082' },
  { time: 1111111109, code: '07081804' },
  { time: 1111111111, code: '14050471' },
  { time: 1234567890, code: '89005924' },
  { time: 2000000000, code: '69279037' },
  { time: 20000000000, code: '65353130' },
];

describe('totp', () => {
  it('the library computes the RFC 6238 SHA-1 test vectors', () => {
    for (const { time, code } of RFC_VECTORS) {
      assert.equal(TOTP.generate({ secret: RFC_SEED, algorithm: 'SHA1', digits: 8, period: 30, timestamp: time * 1000 }), code);
    }
  });

  it('matchTotpStep accepts the 6-digit form of each RFC vector at its own step', () => {
    for (const { time, code } of RFC_VECTORS) {
      assert.equal(matchTotpStep(RFC_SEED.base32, code.slice(-6), time * 1000), Math.floor(time / 30));
    }
  });

  it('one step of drift either way is accepted, two steps are not', () => {
    const secret = generateTotpSecret();
    const now = 1_700_000_000_000;
    const codeAt = (offsetSteps: number) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now + offsetSteps * 30_000 });
    const step = Math.floor(now / 30_000);
    assert.equal(matchTotpStep(secret, codeAt(-1), now), step - 1);
    assert.equal(matchTotpStep(secret, codeAt(1), now), step + 1);
    assert.equal(matchTotpStep(secret, codeAt(-2), now), null);
    assert.equal(matchTotpStep(secret, codeAt(2), now), null);
  });

  it('a secret holds 160 random bits and the URI carries the standard parameters', () => {
    const secret = generateTotpSecret();
    assert.equal(Secret.fromBase32(secret).bytes.length, 20);
    assert.notEqual(generateTotpSecret(), secret);
    const uri = new URL(totpUri(secret, 'express-auth-starter', 'ada@example.com'));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.searchParams.get('secret'), secret);
    assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.equal(uri.searchParams.get('period'), '30');
  });
});
