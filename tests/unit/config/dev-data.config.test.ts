import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfig } from '../../../src/config/config.js';

const STRONG = 'k3Jx9-QpL2vN8zR4tY7wB1mC6sD0fG5h';

describe('development data (DEV_DATA_DIR)', () => {
  let dir: string;
  let development: Record<string, string>;
  const secretsFile = () => path.join(dir, 'dev-secrets.json');
  const server = { keepDevSecrets: true };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dev-data-'));
    development = { NODE_ENV: 'development', DEV_DATA_DIR: dir };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when the server starts twice in development, then the second start reads back the secrets the first wrote (owner-only), without warnings', () => {
    const first = loadConfig(development, server);
    const second = loadConfig(development, server);
    assert.deepEqual(second.jwt.key.export(), first.jwt.key.export());
    assert.equal(second.cookieSecret, first.cookieSecret);
    assert.deepEqual(second.mfa.encryptionKey, first.mfa.encryptionKey);
    assert.equal(first.mfa.encryptionKey?.length, 32);
    assert.equal(statSync(secretsFile()).mode & 0o777, 0o600);
    assert.deepEqual(second.devData?.keptSecrets, ['JWT_SECRET', 'COOKIE_SECRET', 'MFA_ENCRYPTION_KEY']);
    assert.deepEqual(second.warnings, []);
  });

  it('when a secret is set in the environment, then it wins and the file keeps only the others', () => {
    const config = loadConfig({ ...development, JWT_SECRET: STRONG }, server);
    assert.equal(config.jwt.key.export().toString(), STRONG);
    assert.deepEqual(config.devData?.keptSecrets, ['COOKIE_SECRET', 'MFA_ENCRYPTION_KEY']);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(secretsFile(), 'utf8')) as object), ['COOKIE_SECRET', 'MFA_ENCRYPTION_KEY']);
  });

  it('when the file lacks a secret (an older file), then that one is added and the ones it holds are kept', () => {
    const cookieSecret = loadConfig({ ...development, JWT_SECRET: STRONG }, server).cookieSecret;
    const config = loadConfig(development, server);
    assert.equal(config.cookieSecret, cookieSecret);
    assert.notEqual(config.jwt.key.export().toString(), STRONG);
    assert.deepEqual(loadConfig(development, server).jwt.key.export(), config.jwt.key.export());
  });

  it('when a command reads the configuration (not the server), then nothing is written and no secret is kept', () => {
    const config = loadConfig(development);
    assert.deepEqual(config.devData?.keptSecrets, []);
    assert.equal(config.devData?.databaseFile, path.join(dir, 'dev-database.json'));
    assert.deepEqual(readdirSync(dir), []);
  });

  it('when NODE_ENV is test or production, then there is no development data and nothing is written, even for the server', () => {
    assert.equal(loadConfig({ NODE_ENV: 'test', DEV_DATA_DIR: dir }, server).devData, undefined);
    const production = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.example/app', JWT_SECRET: STRONG, DEV_DATA_DIR: dir };
    assert.equal(loadConfig(production, server).devData, undefined);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('when the secrets file is not a JSON object, then start-up stops with one line naming it', () => {
    writeFileSync(secretsFile(), '["not", "secrets"]');
    assert.throws(
      () => loadConfig(development, server),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message === `DEV_DATA_DIR: ${secretsFile()} is not a JSON object of secrets (npm run dev:reset makes new ones)`,
    );
  });
});
