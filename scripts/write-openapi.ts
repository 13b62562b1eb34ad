// Writes the OpenAPI document GET /openapi.json serves to a file, for tools that read files (npm run lint:openapi).
// Usage: tsx scripts/write-openapi.ts [path]   (default artifacts/openapi.json)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { routeTable } from '../src/app.js';
import * as installed from '../src/features/index.js';
import { loadConfig } from '../src/config/config.js';
import { buildOpenApiDocument } from '../src/openapi/build-openapi.js';

const target = path.resolve(process.argv[2] ?? 'artifacts/openapi.json');
// The document does not depend on the environment: the defaults build the same table every server serves.
const document = buildOpenApiDocument(routeTable(loadConfig({}), Object.values(installed)));
mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), target)}`);
