import mongoose from 'mongoose';
import type { Logger } from 'pino';

/** DB_OPERATION_TIMEOUT's default: how long one operation may wait before it fails (and the API answers 503). */
export const DATABASE_TIMEOUT_MS = 3000;

/** How Mongoose reaches the server: which database (the URI's by default) and how long any one operation may wait. */
export interface DatabaseSettings {
  readonly dbName?: string;
  readonly timeoutMs?: number;
}

/** Where the process's database is: its URI, how the start-up log names it, and what close() stops besides the connection. */
export interface DatabaseTarget {
  readonly uri: string;
  readonly description: string;
  readonly stop?: () => Promise<void>;
}

export interface Database {
  /** Which server the process is talking to, for the start-up log. */
  readonly server: string;
  close(): Promise<void>;
}

/**
 * Applies the process's Mongoose settings and connects to `uri` with every wait bounded by `timeoutMs`,
 * so that an outage fails requests fast instead of hanging them; then waits for the indexes of every
 * model registered so far.
 */
export async function connectMongoose(uri: string, { dbName, timeoutMs = DATABASE_TIMEOUT_MS }: DatabaseSettings = {}): Promise<void> {
  // Collections are created by their first write, as MongoDB does; the offline engine has no `create`
  // (without this every model's init fails, so does every test).
  mongoose.set('autoCreate', false);
  // Query filters never carry client-supplied operators such as {"$ne": ""}.
  mongoose.set('sanitizeFilter', true);
  mongoose.set('strictQuery', true);
  mongoose.set('bufferTimeoutMS', timeoutMs);
  await mongoose.connect(uri, {
    ...(dbName !== undefined && { dbName }),
    serverSelectionTimeoutMS: timeoutMs,
    // A server that stops answering but keeps its connections open (frozen, partitioned) is only
    // noticed by a socket timeout: without one an operation waits for the OS, about 30 s or more.
    socketTimeoutMS: timeoutMs,
    // The heartbeat and new connections use this one: the server is marked down as fast.
    connectTimeoutMS: timeoutMs,
    // A retry would wait once more for the same silent server, doubling the wait: the 503 tells the
    // client to retry instead, and no write is ever left half-done (docs/security.md).
    retryReads: false,
    retryWrites: false,
    heartbeatFrequencyMS: 1000,
  });
  // Unique indexes are what keep emails and token hashes unique under concurrency: have them before serving.
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
}

/**
 * Connects to `target` (MONGODB_URI, the kept development database, or an embedded server this process
 * started, which close() stops) with DB_OPERATION_TIMEOUT as the bound of every operation.
 */
export async function connectDatabase(target: DatabaseTarget, timeoutMs: number, logger: Logger): Promise<Database> {
  await connectMongoose(target.uri, { timeoutMs });
  logger.info(`database: ${target.description}`);
  return {
    server: target.description,
    close: async () => {
      await mongoose.disconnect();
      await target.stop?.();
    },
  };
}
