import mongoose from 'mongoose';
import type { Logger } from 'pino';
import type { EmbeddedServer } from './embedded-server.js';

/** How long an operation may wait for an unreachable server before it fails (and the API answers 503). */
export const DATABASE_TIMEOUT_MS = 3000;

/** How Mongoose reaches the server: which database (the URI's by default) and how long to wait for it. */
export interface DatabaseSettings {
  readonly dbName?: string;
  readonly timeoutMs?: number;
}

export interface Database {
  /** Which server the process is talking to, for the start-up log. */
  readonly server: string;
  close(): Promise<void>;
}

/**
 * Applies the process's Mongoose settings and connects to `uri` with short timeouts, so an outage
 * fails requests fast instead of hanging them; then waits for the indexes of every model registered so far.
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
    heartbeatFrequencyMS: 1000,
  });
  // Unique indexes are what keep emails and token hashes unique under concurrency: have them before serving.
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
}

/** Connects to `uri` (MONGODB_URI, or the `embedded` server started for development, which close() stops). */
export async function connectDatabase(uri: string, logger: Logger, embedded?: EmbeddedServer): Promise<Database> {
  await connectMongoose(uri);
  const server = embedded ? `embedded ${embedded.name} at ${embedded.uri}` : 'MONGODB_URI';
  logger.info(`database: ${server}`);
  return {
    server,
    close: async () => {
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}
