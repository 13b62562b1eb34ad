import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { z } from 'zod';
import type { DevDataConfig } from '../config/dev-data.config.js';
import type { DatabaseTarget } from './database.js';
import { readDevDatabaseRecord, removeDevDatabaseRecord, type DevDatabaseRecord } from './dev-database-record.js';

// A live local server answers in milliseconds; a stale record (its process gone after a reboot, its port
// refused or taken by something else) must cost a start-up no more than this.
const ANSWER_TIMEOUT_MS = 2000;
const STOP_TIMEOUT_MS = 10_000;
const STOP_POLL_MS = 50;

// The host beside this file: dev-database-host.ts when run from source (tsx), .js when built.
const HOST = fileURLToPath(new URL(`dev-database-host${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));

const hostReport = z.object({ fallback: z.string().optional(), error: z.string().optional() });

/** Whether anything accepts a connection at the URI's address: a refused port fails at once, where the driver would wait out its timeout. */
function accepts(uri: string): Promise<boolean> {
  const { hostname, port } = new URL(uri);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), timeout: ANSWER_TIMEOUT_MS });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** Whether a MongoDB server answers a ping at `uri` within ANSWER_TIMEOUT_MS. */
async function answers(uri: string): Promise<boolean> {
  if (!(await accepts(uri))) return false;
  const client = new mongoose.mongo.MongoClient(uri, {
    serverSelectionTimeoutMS: ANSWER_TIMEOUT_MS,
    connectTimeoutMS: ANSWER_TIMEOUT_MS,
    socketTimeoutMS: ANSWER_TIMEOUT_MS,
  });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

/** The kept development database recorded in DEV_DATA_DIR, if it still answers; undefined when there is none or it is gone. */
export async function findDevDatabase(devData: DevDataConfig): Promise<DevDatabaseRecord | undefined> {
  const record = readDevDatabaseRecord(devData.databaseFile);
  return record && (await answers(record.uri)) ? record : undefined;
}

/** The host's one line on stdout, once its server answers (or could not start); rejects if it exits without one. */
function hostStarted(child: ChildProcess, log: string): Promise<z.infer<typeof hostReport>> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.once('error', reject);
    // 'close', not 'exit': the line it wrote before exiting is read first.
    child.once('close', (code) => reject(new Error(`the development database exited with code ${String(code)} (${log})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end < 0) return;
      try {
        resolve(hostReport.parse(JSON.parse(text.slice(0, end))));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

/** Starts the host detached, in a process group of its own: tsx watch's restarts and a Ctrl+C in the terminal stop the server, not it. */
async function startHost(devData: DevDataConfig, onFallback: (reason: string) => void): Promise<DevDatabaseRecord> {
  mkdirSync(devData.dir, { recursive: true });
  const log = openSync(devData.databaseLog, 'a');
  const child = spawn(process.execPath, [...process.execArgv, HOST, devData.databaseFile], {
    detached: true,
    stdio: ['ignore', 'pipe', log],
  });
  closeSync(log);
  const report = await hostStarted(child, devData.databaseLog);
  child.stdout?.destroy();
  child.unref();
  if (report.error !== undefined) throw new Error(report.error);
  if (report.fallback !== undefined) onFallback(report.fallback);
  const record = readDevDatabaseRecord(devData.databaseFile);
  if (!record || record.pid !== child.pid) throw new Error(`the development database did not record itself in ${devData.databaseFile}`);
  return record;
}

function target(devData: DevDataConfig, record: DevDatabaseRecord, state: string): DatabaseTarget {
  return {
    uri: record.uri,
    // No stop(): the database outlives this process (npm run dev:reset stops it).
    description:
      `${record.engine} at ${record.uri}, process ${record.pid}, ${state} (recorded in ${devData.databaseFile}); ` +
      `its data lasts as long as that process: a reboot or npm run dev:fresh empties it`,
  };
}

/**
 * The development database: the one recorded in DEV_DATA_DIR when it still answers, else a new, empty one in
 * a detached process of its own (src/db/dev-database-host.ts) that outlives this process and its restarts.
 * The target's description, for the start-up log, says which it is, where it is recorded and how long its data lasts.
 */
export async function keepDevDatabase(devData: DevDataConfig, onFallback: (reason: string) => void): Promise<DatabaseTarget> {
  const recorded = readDevDatabaseRecord(devData.databaseFile);
  if (recorded && (await answers(recorded.uri))) return target(devData, recorded, `kept since ${recorded.startedAt}`);
  const started = await startHost(devData, onFallback);
  const state = recorded ? `new and empty (the one recorded, process ${recorded.pid}, no longer answers)` : 'new and empty';
  return target(devData, started, state);
}

/** Ends the kept database's processes and waits until its port closes; past STOP_TIMEOUT_MS, kills them. */
async function endHost(record: DevDatabaseRecord): Promise<void> {
  // Started detached, the host leads a process group that its engine belongs to: the signal reaches both,
  // the engine too should the host be gone.
  process.kill(-record.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  // The port is the proof, not the pid: an exited process can linger as a zombie, which a signal still finds.
  while (await accepts(record.uri)) {
    if (Date.now() > deadline) {
      process.kill(-record.pid, 'SIGKILL');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, STOP_POLL_MS));
  }
}

/** Stops the kept development database, if one answers, and forgets it; resolves with the record of the one it stopped. */
export async function stopDevDatabase(devData: DevDataConfig): Promise<DevDatabaseRecord | undefined> {
  // Only a process whose database answers is signalled: after a reboot the recorded pid may be someone else's.
  const running = await findDevDatabase(devData);
  if (running) await endHost(running);
  removeDevDatabaseRecord(devData.databaseFile);
  return running;
}
