import type { Logger } from 'pino';
import { AppError } from '../errors/app-error.js';

/** What an audit line records: who did what to which user (ids and field values, never a secret). */
export interface AuditEntry {
  /** The acting admin's id, or `cli` for `npm run user:role`. */
  readonly actor: string;
  readonly action: 'users.update' | 'users.delete' | 'users.set-role';
  readonly target: string;
  readonly changes?: Readonly<Record<string, unknown>>;
}

/**
 * Runs an admin action and writes one structured audit line for it, `{ audit: { actor, action,
 * target, changes, result } }`: `result` is `ok`, or the error code it failed with. An action on a
 * user who does not exist (NOT_FOUND) touched no one and writes no line: `npm run user:role` for an
 * unknown email prints its one error line and nothing else.
 */
export async function audited<T>(logger: Logger, entry: AuditEntry, run: () => Promise<T>): Promise<T> {
  try {
    const value = await run();
    logger.info({ audit: { ...entry, result: 'ok' } }, `audit: ${entry.action}`);
    return value;
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw error;
    logger.warn({ audit: { ...entry, result: error instanceof AppError ? error.code : 'error' } }, `audit: ${entry.action} failed`);
    throw error;
  }
}
