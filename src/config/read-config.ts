import { existsSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { loadConfig, type Config, type LoadOptions } from './config.js';

/** The configuration of a process (the server, a command): `.env` when present, then the environment; a bad one exits 1 with its message. */
export function readConfig(options: LoadOptions = {}): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig(process.env, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`config error: ${error.message}\n`);
    process.exit(1);
  }
}
