import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { once } from 'node:events';
import path from 'node:path';

/** A MongoDB wire-protocol server started by this process, for development and tests (never imported in production). */
export interface EmbeddedServer {
  readonly name: string;
  readonly uri: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;

async function startMongoMemoryServer(): Promise<EmbeddedServer> {
  const { MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server-core');
  // Fetch (or find) mongod first: it fails quietly, where create() would print a stack trace.
  await MongoBinary.getPath();
  const server = await MongoMemoryServer.create();
  return { name: 'mongodb-memory-server', uri: server.getUri(), stop: async () => void (await server.stop()) };
}

/** The offline MongoDB-compatible engine shipped as an npm binary, for machines that cannot fetch mongod. */
async function startJongodb(): Promise<EmbeddedServer> {
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json'));
  // Port 0: the engine picks a free one and prints its URI.
  const child = spawn(path.join(packageDir, 'bin', 'jongodb'), ['--host=127.0.0.1', '--port=0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('jongodb did not start in time')), START_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`jongodb exited with code ${String(code)}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /JONGODB_URI=(\S+)/.exec(chunk.toString());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  child.stdout.resume();
  child.stderr.resume();
  child.unref();
  // Never leave the engine running after this process, however it ends (short of SIGKILL).
  const killChild = () => child.kill();
  process.once('exit', killChild);
  return {
    name: 'jongodb (offline MongoDB-compatible engine)',
    uri,
    stop: async () => {
      process.off('exit', killChild);
      if (child.exitCode !== null) return;
      // Held again while it stops: an unref'd child cannot keep a process waiting for its exit.
      child.ref();
      child.kill();
      await once(child, 'exit');
    },
  };
}

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim().slice(0, 240);
}

/**
 * Starts the first embedded server that works here: a real mongod through mongodb-memory-server,
 * else the offline engine (an optional dependency, Linux x64 only). Both are loaded only outside
 * production. Throws, saying to set MONGODB_URI, when neither can start.
 */
export async function startEmbeddedServer(onFallback: (reason: string) => void): Promise<EmbeddedServer> {
  let mongodFailure: string;
  try {
    return await startMongoMemoryServer();
  } catch (error) {
    mongodFailure = reasonOf(error);
    onFallback(mongodFailure);
  }
  try {
    return await startJongodb();
  } catch (error) {
    throw new Error(
      `no embedded database could start (mongodb-memory-server: ${mongodFailure}; offline engine: ${reasonOf(error)}): set MONGODB_URI`,
      { cause: error },
    );
  }
}
