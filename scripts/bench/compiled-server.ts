import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tests/helpers/free-port.js';

const ENTRY = fileURLToPath(new URL('../../dist/server.js', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

/** The compiled server (`node dist/server.js`) in a child process. */
export interface CompiledServer {
  readonly origin: string;
  /** The kernel's high-water mark of the process's resident memory (VmHWM), in MiB: Linux only. */
  peakRssMb(): number;
  /** SIGTERM, then the exit code of its graceful shutdown. */
  stop(): Promise<number | null>;
}

async function waitUntilReady(origin: string, exited: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`the server exited during start-up:\n${output()}`);
    const ready = await fetch(`${origin}/health/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/** Starts dist/server.js with exactly `env` (plus PATH and PORT) and waits until /health/ready answers 200. */
export async function startCompiledServer(env: Record<string, string>): Promise<CompiledServer> {
  const port = await freePort();
  // Started outside the repository, where no .env can add settings: the bench alone chooses them.
  const child = spawn(process.execPath, [ENTRY], {
    cwd: mkdtempSync(path.join(tmpdir(), 'bench-')),
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilReady(
    origin,
    () => child.exitCode !== null,
    () => output,
  );
  return {
    origin,
    peakRssMb: () => {
      const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
      return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
    },
    stop: async () => {
      process.off('exit', killChild);
      const exit = once(child, 'exit') as Promise<[number | null]>;
      child.kill('SIGTERM');
      const timer = setTimeout(killChild, STOP_TIMEOUT_MS);
      const [code] = await exit;
      clearTimeout(timer);
      if (code !== 0) process.stderr.write(output);
      return code;
    },
  };
}
