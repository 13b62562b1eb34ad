import { dictionary } from '@zxcvbn-ts/language-common';

/** How many of the most common passwords are refused (the contract's rule). */
export const COMMON_PASSWORD_COUNT = 10_000;

// zxcvbn-ts's ranked list of leaked passwords (most common first), lower-cased; loaded once.
const COMMON = new Set(dictionary['passwords-common'].slice(0, COMMON_PASSWORD_COUNT));

/** Whether a password is one of the 10,000 most common, ignoring case ("Password1" is as weak as "password1"). */
export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}
