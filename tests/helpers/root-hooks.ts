import { clearDatabase, startTestDatabase, stopTestDatabase } from './database.js';
import { takeViolations } from './response-guard.js';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    console.log(`test database: ${await startTestDatabase()}`);
  },
  async beforeEach() {
    await clearDatabase();
  },
  async afterEach() {
    const violations = await takeViolations();
    if (violations.length > 0) throw new Error(`responses broke the contract:\n${violations.join('\n')}`);
  },
  async afterAll() {
    await stopTestDatabase();
  },
};
