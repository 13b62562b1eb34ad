// `npm run dev:reset`: development starts over. It stops the database `npm run dev` keeps (its accounts and
// sessions go with it) and forgets the secrets it generated (every token and cookie signed with them dies);
// `npm run dev:fresh` runs it, then `npm run dev`. Development only: nothing else keeps either.
import { rmSync } from 'node:fs';
import { readConfig } from '../config/read-config.js';
import { stopDevDatabase } from '../db/dev-database.js';

async function main(): Promise<number> {
  const { devData } = readConfig();
  if (!devData) {
    process.stderr.write('dev:reset is for NODE_ENV=development: other environments keep no development data.\n');
    return 1;
  }
  const stopped = await stopDevDatabase(devData);
  rmSync(devData.secretsFile, { force: true });
  const database = stopped ? `stopped the development database (process ${stopped.pid})` : 'no development database was running';
  process.stdout.write(`${database}; removed ${devData.secretsFile}: the next npm run dev starts empty, with new secrets\n`);
  return 0;
}

process.exitCode = await main();
