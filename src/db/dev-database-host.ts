// The process of the kept development database, started detached by src/db/dev-database.ts with the
// record's path as its argument: it runs the embedded server until it is told to stop (SIGTERM, SIGINT:
// `npm run dev:reset`), so that the data outlives each restart of `npm run dev`. It tells its starter how
// the start went in one JSON line on stdout, then writes nothing there again (nobody reads it any more).
import { writeDevDatabaseRecord } from './dev-database-record.js';
import { startEmbeddedServer } from './embedded-server.js';

const [file] = process.argv.slice(2);
if (file === undefined) throw new TypeError('usage: dev-database-host <record file>');

const report = (line: { fallback?: string; error?: string }) => process.stdout.write(`${JSON.stringify(line)}\n`);

let fallback: string | undefined;
try {
  const server = await startEmbeddedServer((reason) => (fallback = reason));
  writeDevDatabaseRecord(file, { uri: server.uri, engine: server.name, pid: process.pid, startedAt: new Date().toISOString() });
  // Nothing else holds this process open (the engine's child is unref'd): it lives until it is stopped.
  const alive = setInterval(() => undefined, 2 ** 31 - 1);
  const stop = () => {
    clearInterval(alive);
    void server.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  report(fallback === undefined ? {} : { fallback });
} catch (error) {
  report({ error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
}
