import { z } from 'zod';

/** The outline of an OpenAPI 3.1 document: enough to tell a client what GET /openapi.json returns. */
export const OpenApiDocument = z
  .looseObject({
    openapi: z.string().regex(/^3\.1\.\d+$/),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  })
  .meta({ id: 'OpenApiDocument', description: 'This OpenAPI 3.1 document.' });
