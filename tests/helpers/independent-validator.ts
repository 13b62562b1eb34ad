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
const validators = new Map<string, Promise<Validator>>();
const key = (method: string, template: string, status: string, mediaType: string) => `${method} ${template} ${status} ${mediaType}`;
let documentUrl: string | undefined;

/** The test app's document as a file (once per run): Hyperjump tells an OpenAPI document from a JSON Schema by the file name. */
function documentFile(): string {
  if (documentUrl) return documentUrl;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'openapi-')), 'express-auth-starter.openapi.json');
  writeFileSync(file, JSON.stringify(openApiDocument().document));
  setShouldValidateFormat(true);
  documentUrl = pathToFileURL(file).href;
  return documentUrl;
}

/** The validator of one documented response body, compiled the first time a response needs it (compiling them all took ~20 s). */
function validatorFor(method: string, template: string, status: string, mediaType: string): Promise<Validator> {
  const at = key(method, template, status, mediaType);
  let validator = validators.get(at);
  if (!validator) {
    validator = validate(`${documentFile()}#/${pointer('paths', template, method, 'responses', status, 'content', mediaType, 'schema')}`);
    validators.set(at, validator);
  }
  return validator;
}

function explain(errors: readonly OutputUnit[] | undefined): string {
  return (errors ?? []).map((error) => `${error.instanceLocation} fails ${error.absoluteKeywordLocation.split('#')[1] ?? ''}`).join('; ');
}

/**
 * What the independent validator finds wrong with a response body, or undefined. Responses the
 * document has no schema for are left to the response guard, which reports them.
 */
export async function independentProblem(seen: SeenResponse): Promise<string | undefined> {
  const { document } = openApiDocument();
  const template = templateFor(document, seen.path);
  const method = seen.method.toLowerCase();
  const status = String(seen.status);
  const mediaType = seen.contentType.split(';')[0]?.trim() ?? '';
  if (!template) return undefined;
  const response = document.paths[template]?.[method]?.responses[status] as { content?: Record<string, unknown> } | undefined;
  if (!response?.content?.[mediaType]) return undefined;
  const validator = await validatorFor(method, template, status, mediaType);
  const body: unknown = mediaType.endsWith('json') ? JSON.parse(seen.text) : seen.text;
  const output = validator(body as Parameters<Validator>[0], { outputFormat: 'BASIC' });
  if (output.valid) return undefined;
  return `${seen.method.toUpperCase()} ${seen.path} → ${seen.status}: @hyperjump/json-schema rejects the body: ${explain(output.errors)}\n${seen.text}`;
}
