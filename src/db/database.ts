import mongoose, { type ConnectOptions } from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server.js';

/** How long an operation may wait for an unreachable server before it fails (and the API answers 503). */
export const DATABASE_TIMEOUT_MS = 3000;

// Collections are created by their first write, as MongoDB does; the offline engine has no `create`.
mongoose.set('autoCreate', false);
// Query filters never carry client-supplied operators such as {"$ne": ""}.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);
mongoose.set('bufferTimeoutMS', DATABASE_TIMEOUT_MS);

export interface Database {
  /** Which server the process is talking to, for the start-up log. */
  readonly server: string;
  close(): Promise<void>;
}

/**
 * Connects Mongoose to `uri` with short timeouts, so an outage fails requests fast instead of hanging
 * them, and waits for the indexes of every model registered so far.
 */
export async function connectMongoose(uri: string, options: Pick<ConnectOptions, 'dbName'> = {}): Promise<void> {
  await mongoose.connect(uri, {
    ...options,
    serverSelectionTimeoutMS: DATABASE_TIMEOUT_MS,
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
