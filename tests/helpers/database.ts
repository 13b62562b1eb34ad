import mongoose from 'mongoose';
import { connectMongoose, type DatabaseSettings } from '../../src/db/database.js';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/db/embedded-server.js';

let embedded: EmbeddedServer | undefined;
let target: { uri: string; options: Pick<DatabaseSettings, 'dbName'> } | undefined;

// Generous for a loaded, shared test machine; the outage suite connects with the production default.
const TEST_OPERATION_TIMEOUT_MS = 20_000;

/** One server for the whole run: MONGODB_URI when set (CI's service container), else an embedded one. */
export async function startTestDatabase(): Promise<string> {
  const external = process.env.MONGODB_URI;
  if (external) {
    target = { uri: external, options: { dbName: 'express-auth-starter-test' } };
  } else {
    embedded = await startEmbeddedServer((reason) =>
      console.warn(`mongodb-memory-server unavailable (${reason}); using the offline engine`),
    );
    target = { uri: embedded.uri, options: {} };
  }
  await connectMongoose(target.uri, { ...target.options, timeoutMs: TEST_OPERATION_TIMEOUT_MS });
  return embedded?.name ?? 'MONGODB_URI';
}

/** The server of this run and how the default connection reached it (for tests that reroute it). */
export function testDatabaseTarget(): { uri: string; options: Pick<DatabaseSettings, 'dbName'> } {
  if (!target) throw new TypeError('the test database is not started');
  return target;
}

/** Points the default connection back at the test server, after a test rerouted it. */
export async function reconnectTestDatabase(): Promise<void> {
  const { uri, options } = testDatabaseTarget();
  await mongoose.disconnect();
  await connectMongoose(uri, { ...options, timeoutMs: TEST_OPERATION_TIMEOUT_MS });
}

/** Empties every collection of every registered model (the offline engine has no dropDatabase). */
export async function clearDatabase(): Promise<void> {
  await Promise.all(Object.values(mongoose.models).map((model) => model.deleteMany({})));
}

export async function stopTestDatabase(): Promise<void> {
  await mongoose.disconnect();
  await embedded?.stop();
}
