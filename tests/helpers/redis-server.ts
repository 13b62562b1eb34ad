import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { freePort } from './free-port.js';

export const REDIS_SERVER_BIN = '/usr/bin/redis-server';
const START_TIMEOUT_MS = 10_000;

/** A redis-server child process of this test run, on its own port: the shared instance is never touched. */
export interface RedisServer {
  readonly url: string;
  /** Starts (again) on the same port; counters start empty (no persistence). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** SIGSTOP: its sockets stay open and nothing answers, as a managed Redis does during a failover. */
  pause(): void;
  resume(): void;
}

function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start in time')), START_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${String(code)}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** Starts a private redis-server, or returns undefined when the binary is not installed (callers skip). */
export async function startRedisServer(): Promise<RedisServer | undefined> {
  if (!existsSync(REDIS_SERVER_BIN)) return undefined;
  const port = await freePort();
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  const signal = (name: NodeJS.Signals) => {
    if (!child?.kill(name)) throw new Error(`redis-server is not running (${name})`);
  };
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    start: async () => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      child = spawn(REDIS_SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'ignore'] });
      await waitUntilReady(child);
    },
    stop: async () => {
      const running = child;
      child = undefined;
      if (running?.exitCode !== null) return;
      running.kill('SIGKILL');
      await once(running, 'exit');
    },
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
  };
  await server.start();
  return server;
}
