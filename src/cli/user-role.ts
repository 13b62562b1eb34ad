// `npm run user:role -- <email> <user|admin>`: makes an account an admin, or a user again. The way to
// make the first admin, locally and on Heroku (`heroku run npm run user:role -- you@example.com admin`).
// It changes the database of MONGODB_URI (in development, unset: the one `npm run dev` keeps), under the
// same rules as PATCH /admin/users/:id.
import mongoose from 'mongoose';
import { pino } from 'pino';
import { ROLES, type Role } from '../auth/permissions.js';
import type { Config } from '../config/config.js';
import { readConfig } from '../config/read-config.js';
import { connectMongoose } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { audited } from '../logging/audit.js';
import { createLogger } from '../logging/logger.js';
import { email } from '../schemas/auth.schemas.js';
import { setRole } from '../services/roles.service.js';

const USAGE = `usage: npm run user:role -- <email> <${ROLES.join('|')}>`;

const isRole = (value: string | undefined): value is Role => ROLES.some((role) => role === value);

/** MONGODB_URI, or in development the database `npm run dev` keeps, if it answers; else a line saying what is missing. */
async function databaseUri(config: Config): Promise<{ uri: string } | { missing: string }> {
  if (config.mongodbUri) return { uri: config.mongodbUri };
  if (!config.devData) return { missing: 'MONGODB_URI is not set: it names the database whose account this changes.' };
  const { findDevDatabase } = await import('../db/dev-database.js');
  const kept = await findDevDatabase(config.devData);
  if (kept) return { uri: kept.uri };
  return {
    missing: `MONGODB_URI is not set and no development database answers (${config.devData.databaseFile}): start npm run dev first.`,
  };
}

async function main(args: readonly string[]): Promise<number> {
  const [address, role, ...extra] = args;
  const parsed = email.safeParse(address);
  if (!parsed.success || !isRole(role) || extra.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  const config = readConfig();
  const database = await databaseUri(config);
  if ('missing' in database) {
    process.stderr.write(`${database.missing}\n`);
    return 1;
  }
  // The audit line goes to stderr: stdout carries only the result.
  const logger = createLogger(config, pino.destination(2));
  await connectMongoose(database.uri);
  try {
    const entry = { actor: 'cli', action: 'users.set-role', target: parsed.data, changes: { role } } as const;
    const user = await audited(logger, entry, () => setRole(parsed.data, role));
    process.stdout.write(`${user.email} is now ${user.role} (id ${user.id})\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    process.stderr.write(`${error.detail}\n`);
    return 1;
  } finally {
    await mongoose.disconnect();
  }
}

process.exitCode = await main(process.argv.slice(2));
