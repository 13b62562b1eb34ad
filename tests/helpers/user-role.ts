import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { testDatabaseUri } from './database.js';

const run = promisify(execFile);

/** `npm run user:role -- ...args` as a person runs it, with `env` as its whole environment (PATH added). */
export function userRoleWith(env: Record<string, string>, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('node', ['scripts/user-role.mjs', ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
}

/** `npm run user:role -- ...args` as a person runs it, against the test database. */
export function userRole(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return userRoleWith({ NODE_ENV: 'test', MONGODB_URI: testDatabaseUri(), LOG_LEVEL: 'info' }, ...args);
}
