import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadResult } from './load.js';

/** One measured run, as the table shows it. */
export interface Measurement extends LoadResult {
  /** The issue's measurement(s) it serves. */
  readonly id: string;
  readonly name: string;
  /** The server's peak resident memory at the end of this run: which run raised it. */
  readonly peakRssMb: number;
}

/** One target of the issue: `value` compared with `limit`. */
export interface Target {
  readonly id: number;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly comparison: '≥' | '≤' | '<';
  readonly limit: number;
  readonly pass: boolean;
}

/** A target, with `pass` computed from the value, the comparison and the limit. */
export function target(fields: Omit<Target, 'pass'>): Target {
  const { value, comparison, limit } = fields;
  const pass = comparison === '≥' ? value >= limit : comparison === '≤' ? value <= limit : value < limit;
  return { ...fields, pass };
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** The two tables: what was measured, then each target with its verdict. */
export function printTables(measurements: readonly Measurement[], targets: readonly Target[], notes: readonly string[]): void {
  const width = Math.max(...measurements.map((m) => m.name.length), ...targets.map((t) => t.name.length)) + 2;
  console.log(
    `\n#   ${'measurement'.padEnd(width)}${'requests'.padStart(9)}${'req/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'peak RSS'.padStart(10)}`,
  );
  for (const m of measurements) {
    console.log(
      `${m.id.padEnd(4)}${m.name.padEnd(width)}${String(m.requests).padStart(9)}${fixed(m.rps, 1).padStart(10)}` +
        `${fixed(m.p50Ms, 2).padStart(9)}${fixed(m.p99Ms, 2).padStart(9)}${`${fixed(m.peakRssMb, 0)} MB`.padStart(10)}`,
    );
  }
  console.log(`\n#   ${'target'.padEnd(width)}${'value'.padStart(12)}${'target'.padStart(14)}  result`);
  for (const t of targets) {
    const value = `${fixed(t.value, 2)}${t.unit}`;
    console.log(
      `${String(t.id).padEnd(4)}${t.name.padEnd(width)}${value.padStart(12)}${`${t.comparison} ${t.limit}${t.unit}`.padStart(14)}  ${t.pass ? 'ok' : 'MISS'}`,
    );
  }
  for (const note of notes) console.log(`\n${note}`);
}

/** Writes the whole run as JSON and returns the file's path. */
export function writeJson(file: string, run: object): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  return file;
}
