import { z } from 'zod';

/** A JSON Schema (or OpenAPI) object as plain data. */
export type JsonSchema = Record<string, unknown>;

export const COMPONENTS = '#/components/schemas/';

/** The first of a schema's `.meta({ examples })`: what Swagger UI shows and "Try it out" sends. */
export function exampleOf(schema: z.ZodType): unknown {
  const examples = z.globalRegistry.get(schema)?.examples;
  return Array.isArray(examples) ? examples[0] : undefined;
}

/** A media type object: the schema, and its example when the zod schema names one. */
export function mediaType(schema: z.ZodType, io: 'input' | 'output', components: Record<string, JsonSchema>): JsonSchema {
  const example = exampleOf(schema);
  return { schema: toSchema(schema, io, components), ...(example !== undefined && { example }) };
}

/** Points zod's local `#/$defs/X` references at the document's `components/schemas`. */
function relocateRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relocateRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' ? inner.replace(/^#\/\$defs\//, COMPONENTS) : relocateRefs(inner),
    ]),
  );
}

/**
 * Converts a zod schema with zod's own JSON Schema generator: schemas named with `.meta({ id })` become
 * `components/schemas` entries referenced by `$ref`; the rest is inlined. Requests are described as
 * the client sends them (`input`), responses as the server sends them (`output`).
 */
export function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Record<string, JsonSchema>): JsonSchema {
  const {
    $schema: _dialect,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, metadata: z.globalRegistry }) as JsonSchema;
  for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
    const relocated = relocateRefs(definition) as JsonSchema;
    const existing = components[id];
    if (existing && JSON.stringify(existing) !== JSON.stringify(relocated)) {
      throw new TypeError(`schema "${id}" differs between its uses (request and response?): give each its own id`);
    }
    components[id] = relocated;
  }
  return relocateRefs(rest) as JsonSchema;
}
