import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDatabaseTarget } from './database.js';
import { freePort } from './free-port.js';

export interface Listening {
  readonly server: Server;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly origin: string;
}

/** Serves `listener` on 127.0.0.1 at a free port: for tests whose peer is a real client (a browser, a child process). */
export async function listenOnFreePort(listener: RequestListener): Promise<Listening> {
  const server = createServer(listener).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** POSTs a JSON body to 127.0.0.1:`port` with node:http (no keep-alive), resolving with the status. */
export function post(port: number, path: string, body: object): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Resolves once a line of a child's `output` matches `pattern`; rejects with the output after `timeoutMs`. */
export function waitForLine(output: string[], pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (output.some((line) => pattern.test(line))) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(poll);
        reject(new Error(`no ${pattern} in:\n${output.join('')}`));
      }
    }, 50);
  });
}

/** src/server.ts as a child process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** Everything it wrote to stdout and stderr so far. */
  readonly output: string[];
}

/** Starts src/server.ts in a child process with exactly `env`, on a free port (PORT); resolves once it listens. */
export async function spawnServer(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ServerProcess> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  await waitForLine(output, /listening on http:\/\/localhost/, timeoutMs);
  return { child, port, output };
}

/**
 * Starts src/server.ts in a child process on a free port, against the test database, logging at info,
 * with `overrides` on top; resolves once it listens.
 */
export function startServerProcess(overrides: Record<string, string>, timeoutMs: number): Promise<ServerProcess> {
  const { uri, options } = testDatabaseTarget();
  const mongoUrl = new URL(uri);
  if (options.dbName) mongoUrl.pathname = `/${options.dbName}`;
  const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', MONGODB_URI: mongoUrl.toString(), ...overrides };
  return spawnServer(env, timeoutMs);
}
