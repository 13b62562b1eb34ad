import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp, routeTable } from '../../src/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { EVERY_ROUTE, FEATURES, testConfig } from '../helpers/app.js';

const AN_ID = '0123456789abcdef01234567';

/**
 * An app with `DISABLED_FEATURES` set, without the test run's response guard: the guard checks answers
 * against the whole document, where a switched-off feature's routes are documented.
 */
function appWithout(disabled: string) {
  const config = testConfig({ ...EVERY_ROUTE, DISABLED_FEATURES: disabled });
  return createApp({ config, logger: createLogger(config), features: FEATURES });
}

/** The routes a feature adds to the core's: the table with it, less the table without any. */
function routesOf(name: string) {
  const config = testConfig(EVERY_ROUTE);
  const core = new Set(routeTable(config, []).map((route) => `${route.method} ${route.path}`));
  const feature = FEATURES.filter((candidate) => candidate.name === name);
  return routeTable(config, feature).filter((route) => !core.has(`${route.method} ${route.path}`));
}

describe('DISABLED_FEATURES (contract §7)', () => {
  for (const { name, middleware } of FEATURES) {
    describe(`when ${name} is switched off`, () => {
      const app = appWithout(name);
      const routes = routesOf(name);

      it('then it has routes of its own while it is on, or serves outside the route table (an operational endpoint)', () => {
        assert.ok(routes.length > 0 || middleware !== undefined);
      });

      it('then each of its routes is a 404 NOT_FOUND problem, as for any unknown route', async () => {
        for (const route of routes) {
          const res = await request(app)[route.method](route.path.replace(/:\w+/g, AN_ID));
          assert.equal(res.status, 404, `${route.method} ${route.path}: ${res.text}`);
          assert.equal(res.body.code, 'NOT_FOUND', `${route.method} ${route.path}`);
          assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
        }
      });

      it('then the OpenAPI document has none of its paths, and the core is all there', async () => {
        const { body } = await request(app).get('/openapi.json');
        const documented = Object.keys(body.paths as Record<string, unknown>);
        for (const route of routes) assert.ok(!documented.includes(route.path.replace(/:(\w+)/g, '{$1}')), route.path);
        assert.ok(documented.includes('/auth/login') && documented.includes('/auth/me'));
      });
    });
  }

  it('when a name is not a feature of this app, then building the app is refused, naming the valid ones', () => {
    assert.throws(() => appWithout('nope'), /DISABLED_FEATURES: "nope" is not a feature of this app \(valid: /);
  });
});
