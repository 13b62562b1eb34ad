const DUPLICATE_KEY = 11000;

/** Whether a write failed on a unique index (MongoDB error 11000): the index, not a prior read, decides races. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === DUPLICATE_KEY;
}
