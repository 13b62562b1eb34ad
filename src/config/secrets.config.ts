import { randomBytes } from 'node:crypto';
import { ConfigError } from './config-error.js';

/** The placeholder shipped in `.env.example`: a deployment that kept it has no secret at all. */
export const EXAMPLE_SECRET = 'replace-me-with-the-output-of-npm-run-gen-secret';
const WEAK_SECRETS = [EXAMPLE_SECRET, 'secret', 'changeme', 'change-me', 'password', 'jwt-secret'];
const MIN_SECRET_BYTES = 32;

/** How much a secret is needed: production must have it, elsewhere a random one stands in (with a warning when it is used). */
export type SecretUse = 'required' | 'used' | 'unused';

/** A random secret of the strength resolveSecret asks for (32 bytes, base64url). */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

function secretProblem(value: string | undefined): string | undefined {
  if (value === undefined) return 'is required in production';
  if (Buffer.byteLength(value) < MIN_SECRET_BYTES) return `must be at least ${MIN_SECRET_BYTES} bytes (npm run gen-secret)`;
  if (WEAK_SECRETS.includes(value.toLowerCase()) || new Set(value).size < 8) return 'is a known or low-entropy value (npm run gen-secret)';
  return undefined;
}

/** A secret from the environment, or outside production a random one for this process; throws ConfigError for a weak or missing required one. */
export function resolveSecret(name: string, value: string | undefined, use: SecretUse, warnings: string[]): string {
  const problem = secretProblem(value);
  if (problem === undefined) return value as string;
  if (value !== undefined || use === 'required') throw new ConfigError(`${name} ${problem}`);
  if (use === 'used') warnings.push(`${name} is not set: using a random one for this process (it will not survive a restart)`);
  return randomSecret();
}

/** Whether a secret is required (production, when used), stood in for with a warning (used elsewhere), or unused. */
export function secretUse(production: boolean, used: boolean): SecretUse {
  if (!used) return 'unused';
  return production ? 'required' : 'used';
}
