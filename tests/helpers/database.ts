import mongoose from 'mongoose';
import { connectMongoose } from '../../src/db/database.js';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/db/embedded-server.js';

let embedded: EmbeddedServer | undefined;

/** One server for the whole run: MONGODB_URI when set (CI's service container), else an embedded one. */
export async function startTestDatabase(): Promise<string> {
  const external = process.env.MONGODB_URI;
  if (external) {
    await mongoose.connect(external, { dbName: 'express-auth-starter-test' });
    return 'MONGODB_URI';
  }
  embedded = await startEmbeddedServer((reason) => console.warn(`mongodb-memory-server unavailable (${reason}); using the offline engine`));
  await connectMongoose(embedded.uri);
  return embedded.name;
}

/** Empties every collection of every registered model (the offline engine has no dropDatabase). */
export async function clearDatabase(): Promise<void> {
  await Promise.all(Object.values(mongoose.models).map((model) => model.deleteMany({})));
}

export async function stopTestDatabase(): Promise<void> {
  await mongoose.disconnect();
  await embedded?.stop();
}
