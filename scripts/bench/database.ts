import { startEmbeddedServer, type EmbeddedServer } from '../../src/db/embedded-server.js';

const BENCH_DB = 'express-auth-starter-bench';

/** The database the bench seeds and the server uses. */
export interface BenchDatabase {
  readonly uri: string;
  /** What the table calls it. */
  readonly name: string;
  /** The offline engine, whose lookups and inserts slow down as a collection grows (docs/performance.md). */
  readonly offlineEngine: boolean;
  close(): Promise<void>;
}

/** MONGODB_URI's server with the bench's own database in it, so nothing of the named database is touched. */
function benchUri(uri: string): string {
  const url = new URL(uri);
  // Credentials are checked against the database of the path unless authSource says otherwise: keep that one.
  if (url.username && !url.searchParams.has('authSource')) url.searchParams.set('authSource', url.pathname.slice(1) || 'admin');
  url.pathname = `/${BENCH_DB}`;
  return url.toString();
}

/** MONGODB_URI when set (its `express-auth-starter-bench` database), else the embedded server the app itself would start. */
export async function benchDatabase(): Promise<BenchDatabase> {
  const external = process.env.MONGODB_URI;
  if (external)
    return { uri: benchUri(external), name: `MONGODB_URI (database ${BENCH_DB})`, offlineEngine: false, close: () => Promise.resolve() };
  const embedded: EmbeddedServer = await startEmbeddedServer((reason) =>
    console.warn(`mongodb-memory-server unavailable (${reason}); using the offline engine`),
  );
  return {
    uri: embedded.uri,
    name: `embedded ${embedded.name}`,
    offlineEngine: embedded.name.startsWith('jongodb'),
    close: () => embedded.stop(),
  };
}
