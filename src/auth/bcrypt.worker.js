// @ts-check
// JavaScript on purpose: a worker thread loads this file by itself, and under tsx (dev, tests) worker
// threads get no TypeScript loader on every supported Node line. TypeScript still checks it (JSDoc).
import bcrypt from 'bcryptjs';

/**
 * In a pool thread (see passwords.ts): a synchronous hash, which blocks that thread and nothing else.
 * @param {{ password: string, rounds: number }} task
 * @returns {string}
 */
export function hash({ password, rounds }) {
  return bcrypt.hashSync(password, rounds);
}

/**
 * In a pool thread: a synchronous comparison of a password with a stored hash.
 * @param {{ password: string, hash: string }} task
 * @returns {boolean}
 */
export function compare({ password, hash }) {
  return bcrypt.compareSync(password, hash);
}
