import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { ERROR_STATUS, type ErrorAt, type ErrorCode } from '../errors/error-codes.js';
import { needsAuth, type ProtocolError, type RouteSpec } from '../routes/route-spec.js';
import { HTTP_PROBE_PATHS } from '../middleware/require-https.js';
import { Problem } from '../schemas/common.schemas.js';
import { COMPONENTS, mediaType, toSchema, type JsonSchema } from './json-schema.js';

export type { JsonSchema } from './json-schema.js';

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  'x-permission'?: string;
  'x-recent-auth'?: 'always' | 'some-bodies';
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: JsonSchema[];
  requestBody?: JsonSchema;
  responses: Record<string, JsonSchema>;
}

/** An OpenAPI 3.1 document, typed as far as this starter produces and reads it. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  servers: { url: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

const PROBLEM_JSON = 'application/problem+json';
// Any request with a body, whatever its method, can fail in the JSON body parser before its handler runs (a prototype key is VALIDATION_FAILED).
const BODY_ERRORS: readonly ErrorCode[] = ['VALIDATION_FAILED', 'MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];

function packageManifest(): { version: string; license: string } {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
  return { version: text(manifest.version, '0.0.0'), license: text(manifest.license, 'UNLICENSED') };
}

function problemResponses(errors: readonly (ErrorCode | ErrorAt)[]): Record<string, JsonSchema> {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const error of errors) {
    const { code, status } = typeof error === 'string' ? { code: error, status: ERROR_STATUS[error] } : error;
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, codeSet] of [...byStatus].sort(([a], [b]) => a - b)) {
    const statusCodes = [...codeSet];
    const title = STATUS_CODES[status] ?? 'Error';
    responses[String(status)] = {
      description: `${title}: ${statusCodes.join(', ')}`,
      content: {
        [PROBLEM_JSON]: {
          schema: { allOf: [{ $ref: `${COMPONENTS}Problem` }, { type: 'object', properties: { code: { enum: statusCodes } } }] },
          example: {
            type: 'about:blank',
            title,
            status,
            detail: `One sentence on what went wrong (docs/api.md describes ${statusCodes[0]}).`,
            code: statusCodes[0],
          },
        },
      },
    };
  }
  return responses;
}

function successResponse(success: RouteSpec['success'], components: Record<string, JsonSchema>): JsonSchema {
  const type = success.mediaType ?? 'application/json';
  if (success.schema) return { description: success.description, content: { [type]: mediaType(success.schema, 'output', components) } };
  return { description: success.description };
}

/** The query parameters of a route, from its (object) query schema. */
function queryParameters(route: RouteSpec, components: Record<string, JsonSchema>): JsonSchema[] {
  if (!route.query) return [];
  const { properties = {}, required = [] } = toSchema(route.query, 'input', components) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, schema]) => ({ name, in: 'query', required: required.includes(name), schema }));
}

/** `/users/:id` → `/users/{id}`, and the path parameters it names. */
function openApiPath(path: string): { path: string; parameters: JsonSchema[] } {
  const names = [...path.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
  return {
    path: path.replace(/:(\w+)/g, '{$1}'),
    parameters: names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
  };
}

function operationId(route: RouteSpec): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return route.method + words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('');
}

/** The errors of a route, with those the shared middleware can answer on it. */
function routeErrors(route: RouteSpec): (ErrorCode | ErrorAt)[] {
  return [
    ...route.errors,
    ...BODY_ERRORS,
    ...(route.permission ? (['UNAUTHORIZED', 'FORBIDDEN'] as const) : []),
    ...(route.recentAuth ? (['REAUTHENTICATION_REQUIRED'] as const) : []),
    // Production behind a proxy, over plain HTTP (a GET is redirected with 308 instead, where its Host allows).
    ...(HTTP_PROBE_PATHS.has(route.path) ? [] : (['HTTPS_REQUIRED'] as const)),
  ];
}

function protocolResponse({ description, schema }: ProtocolError, components: Record<string, JsonSchema>): JsonSchema {
  return { description, content: { 'application/json': mediaType(schema, 'output', components) } };
}

function redirectResponse(description: string): JsonSchema {
  return { description, headers: { Location: { description: 'Where the browser goes next', schema: { type: 'string', format: 'uri' } } } };
}

/** The sentences the shared middleware earns a route: its permission, its need of a recent authentication. */
function description(route: RouteSpec): string | undefined {
  const sentences = [
    ...(route.permission
      ? [`Needs the \`${route.permission}\` permission (src/auth/permissions.ts); a caller without it gets 403 FORBIDDEN.`]
      : []),
    ...(route.recentAuth
      ? [
          `${route.recentAuth === true ? 'Needs' : 'For the changes the summary names, needs'} a recent authentication: an access token whose \`auth_time\` is within REAUTH_MAX_AGE (default 5 minutes), else 401 REAUTHENTICATION_REQUIRED (RFC 9470); POST /auth/reauthenticate or the passkey pair renews it.`,
        ]
      : []),
  ];
  return sentences.length > 0 ? sentences.join(' ') : undefined;
}

function operation(route: RouteSpec, pathParameters: JsonSchema[], components: Record<string, JsonSchema>): Operation {
  const parameters = [...pathParameters, ...queryParameters(route, components)];
  const text = description(route);
  return {
    operationId: operationId(route),
    summary: route.summary,
    ...(text && { description: text }),
    ...(route.permission && { 'x-permission': route.permission }),
    ...(route.recentAuth && { 'x-recent-auth': route.recentAuth === true ? 'always' : 'some-bodies' }),
    tags: [route.path.split('/')[1]?.replace(/\.json$/, '') ?? 'default'],
    // An empty list marks a public operation explicitly (linters cannot tell it from a forgotten one otherwise).
    security: route.security === 'basic' ? [{ basicAuth: [] }] : needsAuth(route) ? [{ bearerAuth: [] }] : [],
    ...(parameters.length > 0 && { parameters }),
    ...(route.body && {
      // A schema that accepts an empty object accepts no body at all (validateBody reads none as `{}`).
      requestBody: {
        required: !route.body.safeParse({}).success,
        content: { [route.bodyMediaType ?? 'application/json']: mediaType(route.body, 'input', components) },
      },
    }),
    responses: {
      [String(route.success.status)]: successResponse(route.success, components),
      ...(route.redirect && { 302: redirectResponse(route.redirect) }),
      ...problemResponses(routeErrors(route)),
      ...Object.fromEntries((route.protocolErrors ?? []).map((error) => [String(error.status), protocolResponse(error, components)])),
    },
  };
}

/**
 * Builds the OpenAPI 3.1 document of a route table from the very zod schemas the routes validate
 * with. Throws TypeError when two routes disagree on a named schema or a route is listed twice.
 */
export function buildOpenApiDocument(routes: readonly RouteSpec[]): OpenApiDocument {
  const components: Record<string, JsonSchema> = {};
  toSchema(Problem, 'output', components);
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const { path, parameters } = openApiPath(route.path);
    const item = (paths[path] ??= {});
    if (item[route.method]) throw new TypeError(`${route.method.toUpperCase()} ${route.path} is listed twice`);
    item[route.method] = operation(route, parameters, components);
  }
  const { version, license } = packageManifest();
  return {
    openapi: '3.1.0',
    info: {
      title: 'express-auth-starter',
      version,
      description: `Sign-up and password sign-in, JWT access tokens, rotating refresh tokens and sessions a person can list and end. Each feature this server has on (another sign-in provider, mailed links, two-step sign-in, passkeys, administration, introspection, an example resource) adds its routes below. Errors are RFC 9457 problem details.`,
      license: { name: license, identifier: license },
    },
    // Relative: the document describes whichever origin serves it (localhost, a Heroku app, a custom domain).
    servers: [{ url: '/', description: 'The server this document was fetched from' }],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        ...(routes.some((route) => route.security === 'basic') && { basicAuth: { type: 'http', scheme: 'basic' } }),
      },
    },
  };
}
