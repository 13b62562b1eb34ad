import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../openapi/build-openapi.js';
import { HtmlPage, OpenApiDocument } from '../schemas/docs.schemas.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

const DOCS_PAGE = fileURLToPath(new URL('../../public/docs/index.html', import.meta.url));

/** Where swagger-ui-dist keeps its files, served under /docs/assets (from npm: no CDN). */
export function swaggerUiAssetsDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/**
 * Appends GET /openapi.json and GET /docs to a route table. The document describes every route of
 * the table, these two included, and is built once, when the table is.
 */
export function withDocsRoutes(apiRoutes: readonly RouteSpec[]): RouteSpec[] {
  const docsRoutes = [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      summary: 'This OpenAPI 3.1 document',
      success: { status: 200, description: 'The document, generated from the schemas the routes validate with', schema: OpenApiDocument },
      errors: [],
      handler: (_req, res) => res.json(document),
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      summary: 'Interactive API reference (Swagger UI)',
      success: { status: 200, description: 'An HTML page', schema: HtmlPage, mediaType: 'text/html' },
      errors: [],
      handler: (_req, res) => res.sendFile(DOCS_PAGE),
    }),
  ];
  const routes = [...apiRoutes, ...docsRoutes];
  const document = buildOpenApiDocument(routes);
  return routes;
}
