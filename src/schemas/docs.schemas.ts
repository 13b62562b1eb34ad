import { z } from 'zod';

/** The outline of an OpenAPI 3.1 document: enough to tell a client what GET /openapi.json returns. */
export const OpenApiDocument = z
  .looseObject({
    openapi: z.string().regex(/^3\.1\.\d+$/),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  })
  .meta({
    id: 'OpenApiDocument',
    description: 'This OpenAPI 3.1 document.',
    examples: [{ openapi: '3.1.0', info: { title: 'express-auth-starter', version: '0.1.0' }, paths: {} }],
  });

/** An HTML page, as a string. */
export const HtmlPage = z.string().meta({ examples: ['<!doctype html><html lang="en">…</html>'] });
