import assert from 'node:assert/strict';
import type { Express } from 'express';
import { validate } from '@hyperjump/json-schema/openapi-3-1';
import request from 'supertest';
import type { z } from 'zod';
import { createApp, routeTable } from '../../src/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { exampleOf } from '../../src/openapi/json-schema.js';
import { EVERY_ROUTE, FEATURES, appSuite, testConfig } from '../helpers/app.js';
import { independentProblem } from '../helpers/independent-validator.js';
import { assertDocumented, documentationProblem, documentedSchema, openApiDocument } from '../helpers/openapi.js';

interface WalkedLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: WalkedLayer[] };
  slash?: boolean;
}

/** Every `METHOD path` the Express router serves, nested routers included; `all()` routes (the 405 answers) are not operations. */
function servedOperations(stack: readonly WalkedLayer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const { path, methods } = layer.route;
      assert.equal(typeof path, 'string', `a route with a non-string path (${String(path)}) cannot be documented`);
      return Object.keys(methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method.toUpperCase()} ${(path as string).replace(/:(\w+)/g, '{$1}')}`);
    }
    if (layer.handle?.stack) {
      assert.ok(layer.slash, 'a router mounted under a path prefix: teach this walk to add the prefix');
      return servedOperations(layer.handle.stack);
    }
    return [];
  });
}

function documentedOperations(): string[] {
  const { document } = openApiDocument();
  return Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
}

appSuite(
  'GET /openapi.json',
  (app) => {
    it('when fetched, then it answers the OpenAPI 3.1 document built from the route table, matching its own schema', async () => {
      const res = await request(app).get('/openapi.json');
      assert.equal(res.status, 200);
      assert.equal(res.body.openapi, '3.1.0');
      assert.deepEqual(res.body, JSON.parse(JSON.stringify(openApiDocument().document)));
      assertDocumented(res);
    });

    it('when the Express router is walked, then every route it serves is documented and every documented operation is served', () => {
      const config = testConfig(EVERY_ROUTE);
      const express = createApp({ config, logger: createLogger(config), features: FEATURES }) as Express & {
        router: { stack: WalkedLayer[] };
      };
      const served = servedOperations(express.router.stack).sort();
      const documented = documentedOperations().sort();
      assert.ok(served.length > 0, 'the walk found no routes: has Express changed its router internals?');
      assert.deepEqual(
        served.filter((operation) => !documented.includes(operation)),
        [],
        'served but missing from the document',
      );
      assert.deepEqual(
        documented.filter((operation) => !served.includes(operation)),
        [],
        'documented but not served',
      );
    });

    it('when every schema of the document is compiled, then every $ref resolves', () => {
      const { document } = openApiDocument();
      for (const [path, item] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          const locations = [
            ...Object.keys(operation.requestBody?.content ?? {}).map((type) => ['requestBody', 'content', type]),
            ...Object.entries(operation.responses).flatMap(([status, response]) =>
              Object.keys(response.content ?? {}).map((type) => ['responses', status, 'content', type]),
            ),
          ];
          for (const location of locations) {
            const where = `${method} ${path} ${location.join(' ')}`;
            assert.ok(documentedSchema('paths', path, method, ...location, 'schema'), where);
          }
        }
      }
    });

    it('when an independent validator reads the document, then it is a valid OpenAPI 3.1 document', async () => {
      const output = await validate(
        'https://spec.openapis.org/oas/3.1/schema-base',
        JSON.parse(JSON.stringify(openApiDocument().document)),
      );
      assert.equal(output.valid, true, JSON.stringify(output));
    });

    it('when a route names a body or a response schema, then that schema has an example its own rules accept', () => {
      const schemas = routeTable(testConfig(EVERY_ROUTE), FEATURES).flatMap((route) => {
        const where = `${route.method.toUpperCase()} ${route.path}`;
        return [
          ...(route.body ? [[`${where} body`, route.body] as const] : []),
          ...(route.success.schema ? [[`${where} ${route.success.status}`, route.success.schema] as const] : []),
        ];
      });
      assert.ok(schemas.length > 10);
      for (const [where, schema] of schemas as [string, z.ZodType][]) {
        const example = exampleOf(schema);
        assert.notEqual(example, undefined, `${where}: add .meta({ examples: [...] }) to its schema`);
        const parsed = schema.safeParse(example);
        assert.ok(parsed.success, `${where}: its example breaks its own rules: ${parsed.error?.message}`);
      }
    });

    it('when the document is read, then every request and response body it describes shows an example', () => {
      const { document } = openApiDocument();
      for (const [path, item] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          const bodies = [
            ...Object.entries((operation.requestBody?.content ?? {}) as Record<string, { example?: unknown }>),
            ...Object.values(operation.responses).flatMap((response) =>
              Object.entries((response.content ?? {}) as Record<string, { example?: unknown }>),
            ),
          ];
          for (const [mediaType, content] of bodies) assert.notEqual(content.example, undefined, `${method} ${path} ${mediaType}`);
        }
      }
    });

    it('when a client reads the request schemas, then the password and email rules it can check are there', () => {
      const register = documentedSchema('paths', '/auth/register', 'post', 'requestBody', 'content', 'application/json', 'schema');
      const body = (password: string, email = 'ada@example.com') => ({ email, password });
      assert.equal(register?.(body('analytical engine 1843')), true);
      assert.equal(register?.(body('short')), false, 'minLength 8');
      assert.equal(register?.(body('x'.repeat(73))), false, 'maxLength 72');
      assert.equal(register?.(body('analytical engine 1843', 'not-an-email')), false, 'format: email');
      const { document } = openApiDocument();
      const schema = JSON.stringify(document.paths['/auth/register']?.post?.requestBody);
      assert.match(schema, /72 UTF-8 bytes/);
    });

    it('when a client reads the Problem schema, then its status is an HTTP status (100 to 599)', () => {
      const { document } = openApiDocument();
      const { properties } = document.components.schemas.Problem as { properties: Record<string, unknown> };
      assert.deepEqual(properties.status, { type: 'integer', minimum: 100, maximum: 599 });
    });

    it('when a protected operation is documented, then it names the bearer scheme and a 401', () => {
      const { document } = openApiDocument();
      const me = document.paths['/auth/me']?.get;
      assert.deepEqual(me?.security, [{ bearerAuth: [] }]);
      assert.ok(me?.responses['401']);
      assert.deepEqual(document.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    });

    it('when the document is read, then exactly the recent-auth routes of the contract show the 401 REAUTHENTICATION_REQUIRED and say so', () => {
      const { document } = openApiDocument();
      const gated = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, operation]) => operation['x-recent-auth'])
          .map(([method, operation]) => {
            assert.match(String(JSON.stringify(operation.responses['401'])), /REAUTHENTICATION_REQUIRED/, path);
            assert.match(operation.description ?? '', /recent authentication/, path);
            return `${method.toUpperCase()} ${path}: ${operation['x-recent-auth']}`;
          }),
      );
      assert.deepEqual(gated.sort(), [
        // feature:admin
        'DELETE /admin/users/{id}: always',
        // /feature:admin
        'DELETE /auth/me: always',
        // feature:passkeys
        'DELETE /auth/passkeys/{id}: always',
        // /feature:passkeys
        'DELETE /auth/providers/{provider}: always',
        // feature:passkeys
        // /feature:passkeys
        // feature:admin
        'PATCH /admin/users/{id}: some-bodies',
        // /feature:admin
        // feature:mail
        'POST /auth/email: always',
        // /feature:mail
        // feature:mfa
        'POST /auth/mfa/recovery-codes: always',
        'POST /auth/mfa/totp/disable: always',
        'POST /auth/mfa/totp/enable: always',
        'POST /auth/mfa/totp/setup: always',
        // /feature:mfa
        // feature:passkeys
        'POST /auth/passkeys/register/options: always',
        'POST /auth/passkeys/register/verify: always',
        // /feature:passkeys
      ]);
    });
  },
  EVERY_ROUTE,
);

appSuite('GET /docs', (app) => {
  it('when fetched, then it is the Swagger UI page, loading its assets from this origin under a CSP without unsafe-inline', async () => {
    const res = await request(app).get('/docs');
    assert.equal(res.status, 200);
    assertDocumented(res);
    assert.match(res.text, /<script src="\/docs\/assets\/swagger-ui-bundle\.js"/);
    assert.match(res.text, /<script src="\/docs\/init\.js"/);
    assert.doesNotMatch(res.text, /<script>|<style>|https?:\/\//);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    for (const asset of ['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css', '/docs/init.js']) {
      const assetRes = await request(app).get(asset);
      assert.equal(assetRes.status, 200, asset);
    }
  });
});

describe('the documentation check every test response goes through', () => {
  const json = 'application/json; charset=utf-8';
  const problem = 'application/problem+json; charset=utf-8';

  it('when a body breaks its documented schema, then it is reported', () => {
    const seen = { method: 'GET', path: '/auth/me', status: 200, contentType: json, text: '{"id":"x","email":"a@b.co"}' };
    assert.match(documentationProblem(seen) ?? '', /does not match the documented schema/);
  });

  it('when a status or an error code is not documented for the route, then it is reported', () => {
    const body = (code: string, status: number) => JSON.stringify({ type: 'about:blank', title: 'x', status, detail: 'x', code });
    assert.match(
      documentationProblem({ method: 'GET', path: '/health', status: 503, contentType: problem, text: body('SERVICE_UNAVAILABLE', 503) }) ??
        '',
      /status not documented/,
    );
    assert.match(
      documentationProblem({ method: 'POST', path: '/auth/login', status: 401, contentType: problem, text: body('UNAUTHORIZED', 401) }) ??
        '',
      /does not match/,
    );
  });

  it('when a body breaks its documented schema, then the independent validator reports it too', async () => {
    const user = { method: 'GET', path: '/auth/me', status: 200, contentType: json, text: '{"id":"x","email":"a@b.co"}' };
    assert.match((await independentProblem(user)) ?? '', /@hyperjump\/json-schema rejects the body/);
    const code = JSON.stringify({ type: 'about:blank', title: 'x', status: 401, detail: 'x', code: 'UNAUTHORIZED' });
    assert.match(
      (await independentProblem({ method: 'POST', path: '/auth/login', status: 401, contentType: problem, text: code })) ?? '',
      /code/,
    );
    const ok = JSON.stringify({ type: 'about:blank', title: 'x', status: 401, detail: 'x', code: 'INVALID_CREDENTIALS' });
    assert.equal(await independentProblem({ method: 'POST', path: '/auth/login', status: 401, contentType: problem, text: ok }), undefined);
  });

  it('when the body matches, then nothing is reported; an undocumented route is said to be one', () => {
    const ok = JSON.stringify({ status: 'ok' });
    assert.equal(documentationProblem({ method: 'GET', path: '/health', status: 200, contentType: json, text: ok }), undefined);
    assert.equal(
      documentationProblem({ method: 'GET', path: '/nope', status: 404, contentType: problem, text: '{}' }),
      'undocumentedRoute',
    );
  });
});
