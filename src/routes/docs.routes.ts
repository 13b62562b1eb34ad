import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import { buildOpenApiDocument } from '../openapi/build-openapi.js';
import { OpenApiDocument } from '../schemas/docs.schemas.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

const DOCS_PAGE = fileURLToPath(new URL('../../public/docs/index.html', import.meta.url));

// What public/docs/index.html loads. The rest of the package (its package.json, README, source maps,
// a stock index.html that fetches a remote demo document) is not served.
const DOCS_ASSETS: ReadonlySet<string> = new Set(['/swagger-ui.css', '/swagger-ui-bundle.js', '/favicon-32x32.png']);

/** Serves, under /docs/assets, the swagger-ui-dist files the docs page loads (from npm: no CDN), and no other. */
export function swaggerUiAssets(): RequestHandler {
  const files = express.static(path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')), { index: false });
  return (req, res, next) => {
    if (!DOCS_ASSETS.has(req.path)) return next();
    files(req, res, next);
  };
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
      success: { status: 200, description: 'An HTML page', mediaType: 'text/html' },
      errors: [],
      handler: (_req, res) => res.sendFile(DOCS_PAGE),
    }),
  ];
  const routes = [...apiRoutes, ...docsRoutes];
  const document = buildOpenApiDocument(routes);
  return routes;
}
