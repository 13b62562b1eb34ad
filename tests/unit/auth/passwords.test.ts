import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from '../../../src/auth/passwords.js';

describe('passwords', () => {
  it('hashes with the configured bcrypt cost and verifies exactly', async () => {
    const hash = await hashPassword('correct horse battery', 5);
    assert.match(hash, /^\$2b\$05\$/);
    assert.equal(await verifyPassword('correct horse battery', hash, 5), true);
    assert.equal(await verifyPassword('Correct horse battery', hash, 5), false);
  });

  it('without a stored hash, still spends a comparison and answers false', async () => {
    const started = process.hrtime.bigint();
    assert.equal(await verifyPassword('anything at all', undefined, 10), false);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(elapsedMs > 5, `a cost-10 comparison takes milliseconds, took ${elapsedMs} ms`);
  });
});
