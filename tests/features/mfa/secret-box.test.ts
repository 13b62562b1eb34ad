import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret } from '../../../src/features/mfa/secret-box.js';

describe('secret-box', () => {
  const key = randomBytes(32);

  it('opens what it sealed, and never stores the plaintext', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', key, 'user-1');
    assert.doesNotMatch(sealed, /JBSWY3DPEHPK3PXP/);
    assert.equal(openSecret(sealed, key, 'user-1'), 'JBSWY3DPEHPK3PXP');
    assert.notEqual(sealSecret('JBSWY3DPEHPK3PXP', key, 'user-1'), sealed, 'a fresh IV each time');
  });

  it('refuses another key, another owner, or a flipped bit', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', key, 'user-1');
    assert.throws(() => openSecret(sealed, randomBytes(32), 'user-1'));
    assert.throws(() => openSecret(sealed, key, 'user-2'));
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    assert.throws(() => openSecret([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), key, 'user-1'));
    assert.throws(() => openSecret('not sealed', key, 'user-1'), TypeError);
  });
});
