// Writes the OpenAPI document GET /openapi.json serves to a file, for tools that read files (npm run lint:openapi).
// Usage: tsx scripts/write-openapi.ts [path]   (default artifacts/openapi.json)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { routeTable } from '../src/app.js';
import * as installed from '../src/features/index.js';
import { loadConfig } from '../src/config/config.js';
import { buildOpenApiDocument } from '../src/openapi/build-openapi.js';
import { EVERY_ROUTE } from '../tests/helpers/app.js';

const target = path.resolve(process.argv[2] ?? 'artifacts/openapi.json');
// The defaults, plus what adds routes only when it is configured (the JWKS with signing keys, introspection
// with clients): throwaway values, so that the document holds every route a server can serve.
const document = buildOpenApiDocument(routeTable(loadConfig(EVERY_ROUTE), Object.values(installed)));
mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), target)}`);
