import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import type { Env } from './env.schema.js';
import { randomSecret } from './secrets.config.js';

/** The secrets development makes up when the environment leaves them unset, each in the format its check expects. */
const DEV_SECRETS = {
  JWT_SECRET: randomSecret,
  COOKIE_SECRET: randomSecret,
  MFA_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
};

export type DevSecretName = keyof typeof DEV_SECRETS;
type DevSecrets = Partial<Record<DevSecretName, string>>;

/** Development's own data (NODE_ENV=development only): DEV_DATA_DIR and the files it holds. */
export interface DevDataConfig {
  readonly dir: string;
  /** Where the kept database's process records its address and pid (src/db/dev-database-record.ts). */
  readonly databaseFile: string;
  /** What that process writes once it runs on its own (it outlives the terminal that started it). */
  readonly databaseLog: string;
  /** The secrets development generated, written once and read back at every start. */
  readonly secretsFile: string;
  /** The secrets this process took from secretsFile (those the environment leaves unset); none unless the server asked. */
  readonly keptSecrets: readonly DevSecretName[];
}

const isDevSecret = (name: string): name is DevSecretName => Object.hasOwn(DEV_SECRETS, name);

function readKept(file: string): DevSecrets {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let kept: unknown;
  try {
    kept = JSON.parse(text);
  } catch {
    kept = undefined;
  }
  if (typeof kept !== 'object' || kept === null || Array.isArray(kept)) {
    throw new ConfigError(`DEV_DATA_DIR: ${file} is not a JSON object of secrets (npm run dev:reset makes new ones)`);
  }
  return Object.fromEntries(Object.entries(kept).filter(([name, value]) => isDevSecret(name) && typeof value === 'string'));
}

/** The secrets `names` from `file`; any it lacks is generated and the file rewritten (owner-only: it holds keys). */
function keepSecretsIn(file: string, names: readonly DevSecretName[]): DevSecrets {
  const kept = readKept(file);
  const missing = names.filter((name) => kept[name] === undefined);
  if (missing.length > 0) {
    for (const name of missing) kept[name] = DEV_SECRETS[name]();
    mkdirSync(path.dirname(file), { recursive: true });
    // Renamed into place: a start interrupted mid-write never leaves half a file for the next one.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
    renameSync(partial, file);
  }
  return Object.fromEntries(names.map((name) => [name, kept[name]]));
}

/**
 * Development's data directory, and `env` with the secrets it leaves unset taken from (or first written to)
 * DEV_DATA_DIR when `keepSecrets` (the server: tokens, cookies and TOTP secrets then survive a restart).
 * Elsewhere `env` as it is and no directory: production and tests never read or write one.
 * Throws ConfigError when the secrets file is not a JSON object.
 */
export function developmentData(env: Env, keepSecrets: boolean): { env: Env; devData: DevDataConfig | undefined } {
  if (env.NODE_ENV !== 'development') return { env, devData: undefined };
  const dir = env.DEV_DATA_DIR;
  const secretsFile = path.join(dir, 'dev-secrets.json');
  const unset = keepSecrets
    ? Object.keys(DEV_SECRETS)
        .filter(isDevSecret)
        .filter((name) => env[name] === undefined)
    : [];
  const kept = unset.length > 0 ? keepSecretsIn(secretsFile, unset) : {};
  const devData = Object.freeze({
    dir,
    databaseFile: path.join(dir, 'dev-database.json'),
    databaseLog: path.join(dir, 'dev-database.log'),
    secretsFile,
    keptSecrets: Object.freeze(unset),
  });
  return { env: { ...env, ...kept }, devData };
}

/** The start-up line naming the secrets development keeps and their file; undefined when the environment sets them all. */
export function describeDevSecrets({ keptSecrets, secretsFile }: DevDataConfig): string | undefined {
  if (keptSecrets.length === 0) return undefined;
  return `development secrets: ${keptSecrets.join(', ')} kept in ${secretsFile} (npm run dev:fresh makes new ones)`;
}
