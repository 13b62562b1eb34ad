import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The record of the kept development database, `DEV_DATA_DIR/dev-database.json`: written by its process
 * (src/db/dev-database-host.ts) once the server answers, read by every start of `npm run dev` and by
 * the commands that look for it (`npm run user:role`, `npm run dev:reset`).
 */
const recordSchema = z.object({
  uri: z.string().min(1),
  engine: z.string().min(1),
  pid: z.number().int().positive(),
  startedAt: z.iso.datetime(),
});

export type DevDatabaseRecord = z.infer<typeof recordSchema>;

/** The record in `file`; undefined when there is none or it is not one (a stale or hand-edited file starts a new database, never stops a start). */
export function readDevDatabaseRecord(file: string): DevDatabaseRecord | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = recordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `record` to `file` through a rename, so that a reader never sees half of it. */
export function writeDevDatabaseRecord(file: string, record: DevDatabaseRecord): void {
  const partial = `${file}.${record.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(partial, file);
}

/** Forgets the kept database (its process is stopped or gone). */
export function removeDevDatabaseRecord(file: string): void {
  rmSync(file, { force: true });
}
