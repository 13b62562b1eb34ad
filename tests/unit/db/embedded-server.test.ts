import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

// A script whose last work is stopping the embedded server: it must see the server's exit, not end first.
const START_THEN_STOP = `
import { startEmbeddedServer } from './src/db/embedded-server.ts';
const server = await startEmbeddedServer(() => undefined);
await server.stop();
console.log('stopped');
`;

describe('startEmbeddedServer', () => {
  it('when a script awaits stop() as its last step, then it sees the stop and exits 0', async function () {
    this.timeout(60_000);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', START_THEN_STOP], {
      env: { ...process.env, MONGODB_URI: '' },
    });
    assert.equal(stdout.trim().split('\n').at(-1), 'stopped');
  });
});
