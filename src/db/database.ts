import mongoose, { type ConnectOptions } from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server.js';

// Collections are created by their first write, as MongoDB does; the offline engine has no `create`.
mongoose.set('autoCreate', false);
// Query filters never carry client-supplied operators such as {"$ne": ""}.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

export interface Database {
  /** Which server the process is talking to, for the start-up log. */
  readonly server: string;
  close(): Promise<void>;
}

export interface MongooseTarget extends Pick<ConnectOptions, 'dbName'> {
  /** DB_OPERATION_TIMEOUT: the longest any one operation may wait, on a silent socket too. */
  readonly operationTimeoutMs: number;
}

/**
 * Connects Mongoose to `uri` with every wait bounded by `operationTimeoutMs`, so that an outage fails
 * requests fast instead of hanging them, and waits for the indexes of every model registered so far.
 */
export async function connectMongoose(uri: string, { operationTimeoutMs, ...options }: MongooseTarget): Promise<void> {
  mongoose.set('bufferTimeoutMS', operationTimeoutMs);
  await mongoose.connect(uri, {
    ...options,
    serverSelectionTimeoutMS: operationTimeoutMs,
    // A server that stops answering but keeps its connections open (frozen, partitioned) is only
    // noticed by a socket timeout: without one an operation waits for the OS, about 30 s or more.
    socketTimeoutMS: operationTimeoutMs,
    // The heartbeat and new connections use this one: the server is marked down as fast.
    connectTimeoutMS: operationTimeoutMs,
    // A retry would wait once more for the same silent server, doubling the wait: the 503 tells the
    // client to retry instead, and no write is ever left half-done (docs/security.md).
    retryReads: false,
    retryWrites: false,
    heartbeatFrequencyMS: 1000,
  });
  // Unique indexes are what keep emails and token hashes unique under concurrency: have them before serving.
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
}

/** Connects to MONGODB_URI, or outside production to an embedded server it starts (and later stops). */
export async function connectDatabase(config: Config, logger: Logger): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  if (!config.mongodbUri) {
    embedded = await startEmbeddedServer((reason) =>
      logger.warn(`mongodb-memory-server unavailable (${reason}); falling back to the offline engine`),
    );
  }
  const uri = config.mongodbUri ?? (embedded as EmbeddedServer).uri;
  await connectMongoose(uri, { operationTimeoutMs: config.dbOperationTimeoutMs });
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
