import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInFlight } from '../../../src/lib/in-flight.js';

describe('createInFlight', () => {
  it('when tasks are tracked, then settled() waits for each of them, a failed one included', async () => {
    const inFlight = createInFlight();
    const finished: string[] = [];
    inFlight.track(sleep(30).then(() => finished.push('slow')));
    const failing = sleep(10).then(() => {
      finished.push('failed');
      throw new Error('the holder of the task sees this');
    });
    inFlight.track(failing);
    await inFlight.settled();
    assert.deepEqual(finished, ['failed', 'slow']);
    await assert.rejects(failing, /the holder of the task sees this/);
  });
});
