import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tests/helpers/free-port.js';

const ENTRY = fileURLToPath(new URL('../../dist/server.js', import.meta.url));
const CEILING = fileURLToPath(new URL('./ceiling-server.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const OUTPUT_KEPT_CHARS = 64 * 1024;

/** A server of the bench (the compiled one, or the ceiling) in a child process. */
export interface CompiledServer {
  readonly origin: string;
  readonly pid: number;
  /** The kernel's high-water mark of the process's resident memory (VmHWM), in MiB: Linux only. */
  peakRssMb(): number;
  /** The CPU time the process has used so far (user + system), in seconds: Linux only. */
  cpuSeconds(): number;
  /** SIGTERM, then the exit code of its graceful shutdown. */
  stop(): Promise<number | null>;
}

async function waitUntilReady(url: string, timeoutMs: number, exited: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`the server exited during start-up:\n${output()}`);
    const ready = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server was not ready within ${timeoutMs / 1000} s:\n${output()}`);
}

/** The node flags of `npm start` (such as the heap cap): the bench runs the server as production starts it. */
export function startFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { scripts: { start: string } };
  return scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/**
 * Another build to run (its dist/server.js), whether its log lines go to /dev/null instead of a pipe
 * the bench reads, and a command node runs under (valgrind's, for scripts/bench-instructions.ts).
 */
export interface CompiledOptions {
  readonly entry?: string;
  readonly dropLogs?: boolean;
  readonly wrapper?: readonly string[];
}

/** A wrapper such as valgrind starts node far slower than node alone. */
const readyTimeout = (wrapper: readonly string[]) => (wrapper.length > 0 ? 10 : 1) * READY_TIMEOUT_MS;

/** Starts a compiled server as `npm start` does, with exactly `env` (plus PATH and PORT); resolves once /health/ready answers 200. */
export function startCompiledServer(
  env: Record<string, string>,
  { entry = ENTRY, dropLogs = false, wrapper = [] }: CompiledOptions = {},
): Promise<CompiledServer> {
  // Started outside the repository, where no .env can add settings: the bench alone chooses them.
  return startChild(
    [...wrapper, process.execPath, ...startFlags(), entry],
    env,
    mkdtempSync(path.join(tmpdir(), 'bench-')),
    '/health/ready',
    {
      dropLogs,
      readyTimeoutMs: readyTimeout(wrapper),
    },
  );
}

/** Starts the ceiling (scripts/bench/ceiling-server.ts) on `MONGODB_URI`; resolves once /health answers 200. */
export function startCeilingServer(mongodbUri: string, { wrapper = [] }: Pick<CompiledOptions, 'wrapper'> = {}): Promise<CompiledServer> {
  return startChild([...wrapper, process.execPath, '--import', 'tsx', CEILING], { MONGODB_URI: mongodbUri }, REPOSITORY, '/health', {
    dropLogs: false,
    readyTimeoutMs: readyTimeout(wrapper),
  });
}

async function startChild(
  [command = process.execPath, ...args]: readonly string[],
  env: Record<string, string>,
  cwd: string,
  readyPath: string,
  { dropLogs, readyTimeoutMs }: { dropLogs: boolean; readyTimeoutMs: number },
): Promise<CompiledServer> {
  const port = await freePort();
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    // pino writes to stdout; a start-up failure is also written to stderr, which is always read.
    stdio: ['ignore', dropLogs ? 'ignore' : 'pipe', 'pipe'],
  });
  // Only the tail is kept, for an error report.
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_KEPT_CHARS));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilReady(
    `${origin}${readyPath}`,
    readyTimeoutMs,
    () => child.exitCode !== null,
    () => output,
  );
  return {
    origin,
    pid: child.pid ?? 0,
    peakRssMb: () => {
      const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
      return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
    },
    cpuSeconds: () => {
      // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, 100 a second on Linux; the
      // command name (field 2) is in parentheses and may hold spaces, so count from after it.
      const fields =
        readFileSync(`/proc/${String(child.pid)}/stat`, 'utf8')
          .split(') ')[1]
          ?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
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
