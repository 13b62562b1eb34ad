import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { createInFlight } from '../lib/in-flight.js';
import type { compare, hash } from './bcrypt.worker.js';

const WORKER_URL = new URL('./bcrypt.worker.js', import.meta.url).href;
// Workers lower their own priority by this much (Linux): a login storm takes the cores the event loop
// leaves idle, and the event loop gets its time first, so other requests keep their latency.
const WORKER_NICE_INCREMENT = 10;

let pool: Piscina | undefined;
// bcrypt is pure CPU: one thread per core unless the server says otherwise (BCRYPT_THREADS).
let threads = availableParallelism();
// Piscina's close() waits for the tasks its threads are running, not for those still queued.
const hashes = createInFlight();
const dummyHashes = new Map<number, Promise<string>>();

function runInPool<F extends (task: never) => unknown>(name: string, task: Parameters<F>[0]): Promise<ReturnType<F>> {
  // Started with the first hash and kept (idle threads do not hold the process open).
  pool ??= new Piscina({ filename: WORKER_URL, minThreads: threads, maxThreads: threads, niceIncrement: WORKER_NICE_INCREMENT });
  const result = pool.run(task, { name }) as Promise<ReturnType<F>>;
  hashes.track(result);
  return result;
}

/** Hashes and compares waiting for a free worker (password_hash_queue_depth): 0 before the pool starts. */
export function passwordQueueDepth(): number {
  return pool?.queueSize ?? 0;
}

/**
 * Sets how many worker threads run bcrypt, for the pool started by the next hash: where the OS
 * reports more cores than the process may use (a container's CPU quota), fewer threads save memory.
 */
export function sizePasswordWorkers(count: number): void {
  threads = count;
}

/** Hashes a password with bcrypt at the configured cost, on a worker thread. Callers validate the 72-byte limit first. */
export function hashPassword(password: string, rounds: number): Promise<string> {
  return runInPool<typeof hash>('hash', { password, rounds });
}

/**
 * Compares a password with a stored hash, on a worker thread. Without a hash (unknown email,
 * Google-only account) it still spends one comparison against a dummy hash, so response times do
 * not reveal which case it was.
 */
export async function verifyPassword(password: string, hash: string | undefined | null, rounds: number): Promise<boolean> {
  if (hash) return runInPool<typeof compare>('compare', { password, hash });
  let dummy = dummyHashes.get(rounds);
  if (!dummy) {
    dummy = hashPassword(randomBytes(16).toString('hex'), rounds);
    dummyHashes.set(rounds, dummy);
  }
  await runInPool<typeof compare>('compare', { password, hash: await dummy });
  return false;
}

/** Lets every hash already asked for finish, then stops the worker threads (graceful shutdown). A later hash starts new ones. */
export async function closePasswordWorkers(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await hashes.settled();
  await closing?.close();
}
