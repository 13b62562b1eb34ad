import assert from 'node:assert/strict';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { routeTable } from '../../src/app.js';
import { buildOpenApiDocument, type OpenApiDocument } from '../../src/openapi/build-openapi.js';
import { EVERY_ROUTE, FEATURES, testConfig } from './app.js';

const BASE = 'https://express-auth-starter.test/openapi.json';

interface Documented {
  readonly document: OpenApiDocument;
  readonly ajv: Ajv2020;
}

let documented: Documented | undefined;

/** The document a test app serves with every route on (same builder), loaded into a strict 2020-12 validator. */
export function openApiDocument(): Documented {
  if (documented) return documented;
  // Every route a test app can serve, whatever its settings: the guard checks each answer against its row.
  const document = buildOpenApiDocument(routeTable(testConfig(EVERY_ROUTE), FEATURES));
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  // The document's top-level members are not JSON Schema keywords; $refs point into them.
  ajv.addVocabulary(['openapi', 'info', 'servers', 'paths', 'components']);
  ajv.addSchema(document, BASE);
  documented = { document, ajv };
  return documented;
}

/** A JSON pointer (without its leading `#/`) to the member at these keys. */
export function pointer(...segments: string[]): string {
  return segments.map((segment) => encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');
}

/** Compiles the schema at a JSON pointer of the document (`paths`, `/auth/me`, `get`, ...); throws when a $ref does not resolve. */
export function documentedSchema(...segments: string[]): ValidateFunction | undefined {
  return openApiDocument().ajv.getSchema(`${BASE}#/${pointer(...segments)}`);
}

/** The documented path template (`/users/{id}`) that a concrete path matches. */
export function templateFor(document: OpenApiDocument, path: string): string | undefined {
  return Object.keys(document.paths).find((template) => {
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(path);
  });
}

/** A response as the documentation check sees it. */
export interface SeenResponse {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/**
 * What is wrong with a response against the OpenAPI document for its method, path and status —
 * the status is documented, the media type is the documented one, and the body validates against
 * the documented schema (for errors: the problem schema, with a code documented for that status) —
 * or undefined when nothing is. `undocumentedRoute` when no operation matches the method and path.
 */
export function documentationProblem(seen: SeenResponse): string | undefined {
  const { document, ajv } = openApiDocument();
  const method = seen.method.toLowerCase();
  const where = `${seen.method.toUpperCase()} ${seen.path} → ${seen.status}`;
  const template = templateFor(document, seen.path);
  if (!template || !document.paths[template]?.[method]) return 'undocumentedRoute';
  const response = document.paths[template][method].responses[String(seen.status)] as { content?: Record<string, unknown> } | undefined;
  if (!response) return `${where}: status not documented`;
  if (!response.content) return seen.text === '' ? undefined : `${where}: documented without a body, but has one`;
  const mediaType = seen.contentType.split(';')[0]?.trim() ?? '';
  if (!(mediaType in response.content)) return `${where}: ${mediaType} is not documented (${Object.keys(response.content).join(', ')})`;
  const validate = documentedSchema('paths', template, method, 'responses', String(seen.status), 'content', mediaType, 'schema');
  if (!validate) return `${where}: no documented schema`;
  const body: unknown = mediaType.endsWith('json') ? JSON.parse(seen.text) : seen.text;
  return validate(body)
    ? undefined
    : `${where}: body does not match the documented schema: ${ajv.errorsText(validate.errors)}\n${seen.text}`;
}

/** Asserts that a supertest response is documented and matches the document (see documentationProblem). */
export function assertDocumented(res: Response): void {
  const seen = {
    method: res.request.method,
    path: new URL(res.request.url).pathname,
    status: res.status,
    contentType: String(res.headers['content-type'] ?? ''),
    text: res.text ?? '',
  };
  const problem = documentationProblem(seen);
  assert.equal(problem, undefined, problem === 'undocumentedRoute' ? `${seen.method} ${seen.path}: not in the OpenAPI document` : problem);
}
