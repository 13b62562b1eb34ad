import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { closePasswordWorkers, hashPassword, verifyPassword } from '../../../src/auth/passwords.js';
import { timed } from '../../helpers/timing.js';

describe('passwords', () => {
  it('hashes with the configured bcrypt cost and verifies exactly', async () => {
    const hash = await hashPassword('correct horse battery', 5);
    assert.match(hash, /^\$2b\$05\$/);
    assert.equal(await verifyPassword('correct horse battery', hash, 5), true);
    assert.equal(await verifyPassword('Correct horse battery', hash, 5), false);
  });

  it('without a stored hash, still spends a comparison and answers false', async () => {
    const hash = await hashPassword('correct horse battery', 10);
    // The first call builds the dummy hash: a hash costs what a comparison does, so it would hide a skipped comparison.
    await verifyPassword('warm-up', undefined, 10);
    const real = await timed(() => verifyPassword('anything at all', hash, 10));
    let answer: boolean | undefined;
    const dummy = await timed(async () => {
      answer = await verifyPassword('anything at all', undefined, 10);
    });
    assert.equal(answer, false);
    assert.ok(dummy > real / 3, `a comparison against the real hash took ${real.toFixed(1)} ms, without a hash ${dummy.toFixed(1)} ms`);
  });

  it('when a hash runs, then the event loop stays idle: bcrypt runs on a worker thread', async () => {
    await hashPassword('starts the worker threads', 4);
    const before = performance.eventLoopUtilization();
    await hashPassword('correct horse battery', 10);
    const { utilization } = performance.eventLoopUtilization(before);
    // Run on the event loop, bcryptjs keeps it busy for the whole hash (utilization near 1).
    assert.ok(utilization < 0.5, `the event loop was busy ${(utilization * 100).toFixed(0)}% of the hash`);
  });

  it('when many hashes run at once, then each answer belongs to its own password', async () => {
    const passwords = Array.from({ length: 8 }, (_, i) => `passphrase number ${i}`);
    const hashes = await Promise.all(passwords.map((password) => hashPassword(password, 4)));
    const checks = await Promise.all(
      passwords.flatMap((password, i) => [verifyPassword(password, hashes[i], 4), verifyPassword(password, hashes[(i + 1) % 8], 4)]),
    );
    assert.deepEqual(
      checks,
      passwords.flatMap(() => [true, false]),
    );
  });

  it('when the workers are closed, then hashes queued before finish and the next hash starts new workers', async () => {
    const queued = Promise.all([hashPassword('queued before closing', 6), hashPassword('queued as well', 6)]);
    await closePasswordWorkers();
    const [first, second] = await queued;
    assert.match(first, /^\$2b\$06\$/);
    assert.match(second, /^\$2b\$06\$/);
    assert.equal(await verifyPassword('queued before closing', first, 6), true);
  });
});
