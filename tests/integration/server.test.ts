import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Runs the real entry point (from source) with `env` and collects its exit code and output. */
async function startServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr, ms: Date.now() - started };
}

describe('server start-up', () => {
  it('when production has no JWT_SECRET, then it exits non-zero within 5 s with one line naming JWT_SECRET', async () => {
    const result = await startServer({ NODE_ENV: 'production' });
    assert.notEqual(result.code, 0);
    assert.ok(result.ms < 5000, `took ${result.ms} ms`);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0] ?? '', /JWT_SECRET/);
  });

  it('when a variable does not parse, then it exits non-zero naming it', async () => {
    const result = await startServer({ NODE_ENV: 'development', BCRYPT_ROUNDS: '99' });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr.trim(), /^config error: BCRYPT_ROUNDS/);
  });

  it('when DISABLED_FEATURES names no feature of this app, then it exits non-zero with one line naming the valid ones', async () => {
    // Its own data directory: a development start writes its secrets there before it checks the features.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'dev-data-'));
    const result = await startServer({ NODE_ENV: 'development', DISABLED_FEATURES: 'paskeys', DEV_DATA_DIR: dataDir });
    rmSync(dataDir, { recursive: true, force: true });
    assert.notEqual(result.code, 0);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0] ?? '', /DISABLED_FEATURES: "paskeys" is not a feature of this app \(valid: [a-z, ]+\)/);
  });
});
