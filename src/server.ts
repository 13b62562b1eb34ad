import type { Server } from 'node:http';
import { createApp } from './app.js';
import { closePasswordWorkers, sizePasswordWorkers } from './auth/passwords.js';
import type { Config } from './config/config.js';
import { describeDevSecrets } from './config/dev-data.config.js';
import { describeFeatures } from './config/features.js';
import { readConfig } from './config/read-config.js';
import { connectDatabase, type DatabaseTarget } from './db/database.js';
import { closeRedis, connectRedis } from './db/redis.js';
import type { Logger } from 'pino';
import { createLogger } from './logging/logger.js';
import { installFeatures } from './feature.js';
import { createOutbox } from './mail/outbox.js';
import * as installed from './features/index.js';

const SHUTDOWN_GRACE_MS = 10_000;
const IDLE_SWEEP_MS = 50;

const reportFallback = (logger: Logger) => (reason: string) =>
  logger.warn(`mongodb-memory-server unavailable (${reason}); falling back to the offline engine`);

/**
 * MONGODB_URI (loadConfig requires it in production); else in development the kept database, which outlives
 * this process; else (NODE_ENV=test) an embedded server of this process. The embedded ones are loaded only then.
 */
async function databaseTarget(config: Config, logger: Logger): Promise<DatabaseTarget> {
  if (config.mongodbUri) return { uri: config.mongodbUri, description: 'MONGODB_URI' };
  if (config.devData) {
    const { keepDevDatabase } = await import('./db/dev-database.js');
    return keepDevDatabase(config.devData, reportFallback(logger));
  }
  const { startEmbeddedServer } = await import('./db/embedded-server.js');
  const embedded = await startEmbeddedServer(reportFallback(logger));
  return { uri: embedded.uri, description: `embedded ${embedded.name} at ${embedded.uri}`, stop: () => embedded.stop() };
}

const features = Object.values(installed);

/** What the configuration tells the person starting the server: its warnings, and which development secrets are kept where. */
function logConfigNotes(config: Config, logger: Logger): void {
  for (const warning of config.warnings) logger.warn(warning);
  const devSecrets = config.devData && describeDevSecrets(config.devData);
  if (devSecrets) logger.info(devSecrets);
}

async function main(): Promise<void> {
  // The server keeps development's generated secrets (DEV_DATA_DIR): its tokens and cookies survive a restart.
  const config = readConfig({ keepDevSecrets: true });
  const logger = createLogger(config);
  logConfigNotes(config, logger);
  // Before anything connects: a misspelt DISABLED_FEATURES stops the start-up with one line.
  installFeatures(features, config.disabledFeatures);
  logger.info(describeFeatures(config, features));
  sizePasswordWorkers(config.bcryptThreads);
  const database = await connectDatabase(await databaseTarget(config, logger), config.dbOperationTimeoutMs, logger);
  // Before the app is built: each limiter loads its script into Redis when it is created.
  const redis = config.redis && (await connectRedis(config.redis, logger));
  const outbox = createOutbox(config, logger);
  const server: Server = createApp({ config, logger, redis, outbox, features }).listen(config.port, () => {
    logger.info(`listening on http://localhost:${config.port}`);
  });

  // Mails posted by the last requests still need the database (their tokens), so the outbox drains first.
  const closeResources = async () => {
    await outbox?.drain();
    await Promise.all([closePasswordWorkers(), database.close(), redis && closeRedis(redis)]);
  };

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing requests in flight, then closing`);
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    // server.close() drops only the connections idle at that moment: one that finishes its request
    // later would wait out its keep-alive timeout (5 s) before the process could exit.
    const idleSweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS).unref();
    server.close(() => {
      clearTimeout(force);
      clearInterval(idleSweep);
      closeResources().then(
        () => {
          logger.info('closed: http server, outbox, password workers, database and redis; exiting');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error while closing the outbox, the password workers, the database or redis');
          process.exit(1);
        },
      );
    });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
