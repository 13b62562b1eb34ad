import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { routeTable } from '../../src/app.js';
import { ERROR_STATUS } from '../../src/errors/error-codes.js';
import { FEATURES, testConfig } from '../helpers/app.js';

// docs/api.md is what a client developer reads first: it must not drift from what the code answers.
const API_MD = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
const tableRows = (heading: string) => {
  const section = API_MD.slice(API_MD.indexOf(`\n## ${heading}\n`));
  return section
    .slice(0, section.indexOf('\n## ', 1))
    .split('\n')
    .filter((line) => line.startsWith('| `'));
};

describe('docs/api.md', () => {
  it('when the error table is read, then it lists every error code the API answers, with its status', () => {
    const rows = tableRows('Errors');
    const missing = Object.entries(ERROR_STATUS).filter(
      ([code, status]) => !rows.some((row) => row.includes(`\`${code}\``) && row.split('|')[2]?.includes(String(status))),
    );
    assert.deepEqual(missing, []);
  });

  it('when the endpoint table is read, then every route of the route table has a row', () => {
    const rows = tableRows('Endpoints');
    const missing = routeTable(testConfig(), FEATURES)
      .map((route) => `\`${route.method.toUpperCase()} ${route.path}`)
      .filter((operation) => !rows.some((row) => row.includes(operation)));
    assert.deepEqual(missing, []);
  });
});
