import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import '@hyperjump/json-schema/formats';
import { setShouldValidateFormat, validate, type OutputUnit, type Validator } from '@hyperjump/json-schema/openapi-3-1';
import { openApiDocument, pointer, templateFor, type SeenResponse } from './openapi.js';

/**
 * A second judge of every response: @hyperjump/json-schema, an implementation of JSON Schema and of
 * the OpenAPI 3.1 schema dialect that shares no code with ajv (the response guard's validator) nor
 * with our document builder. It reads the document as a file, the way any third-party tool would.
 */
const validators = new Map<string, Validator>();

const key = (method: string, template: string, status: string, mediaType: string) => `${method} ${template} ${status} ${mediaType}`;

/** Writes the test app's document to a file and compiles a validator for every documented response body; once per run. */
export async function loadIndependentValidator(): Promise<void> {
  if (validators.size > 0) return;
  const { document } = openApiDocument();
  // Hyperjump tells an OpenAPI document from a JSON Schema by the file name.
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'openapi-')), 'express-auth-starter.openapi.json');
  writeFileSync(file, JSON.stringify(document));
  const url = pathToFileURL(file).href;
  setShouldValidateFormat(true);
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const mediaType of Object.keys(response.content ?? {})) {
          const at = pointer('paths', template, method, 'responses', status, 'content', mediaType, 'schema');
          validators.set(key(method, template, status, mediaType), await validate(`${url}#/${at}`));
        }
      }
    }
  }
}

function explain(errors: readonly OutputUnit[] | undefined): string {
  return (errors ?? []).map((error) => `${error.instanceLocation} fails ${error.absoluteKeywordLocation.split('#')[1] ?? ''}`).join('; ');
}

/**
 * What the independent validator finds wrong with a response body, or undefined. Responses the
 * document has no schema for are left to the response guard, which reports them.
 */
export function independentProblem(seen: SeenResponse): string | undefined {
  const { document } = openApiDocument();
  const template = templateFor(document, seen.path);
  const mediaType = seen.contentType.split(';')[0]?.trim() ?? '';
  const validator = template && validators.get(key(seen.method.toLowerCase(), template, String(seen.status), mediaType));
  if (!validator) return undefined;
  const body: unknown = mediaType.endsWith('json') ? JSON.parse(seen.text) : seen.text;
  const output = validator(body as Parameters<Validator>[0], { outputFormat: 'BASIC' });
  if (output.valid) return undefined;
  return `${seen.method.toUpperCase()} ${seen.path} → ${seen.status}: @hyperjump/json-schema rejects the body: ${explain(output.errors)}\n${seen.text}`;
}
