import { clearDatabase, startTestDatabase, stopTestDatabase } from './database.js';
import { loadIndependentValidator } from './independent-validator.js';
import { takeViolations } from './response-guard.js';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    console.log(`test database: ${await startTestDatabase()}`);
    await loadIndependentValidator();
  },
  async beforeEach() {
    await clearDatabase();
  },
  afterEach() {
    const violations = takeViolations();
    if (violations.length > 0) throw new Error(`responses broke the contract:\n${violations.join('\n')}`);
  },
  async afterAll() {
    await stopTestDatabase();
  },
};
