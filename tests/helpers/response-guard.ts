import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { independentProblem } from './independent-validator.js';
import { documentationProblem } from './openapi.js';

const FORBIDDEN = [
  { name: 'a stack trace', pattern: /\n\s+at .+:\d+:\d+/ },
  { name: 'a password field', pattern: /"(password|password_hash|passwordHash|current_password|new_password)"\s*:/ },
  { name: '__v', pattern: /"__v"\s*:/ },
  { name: '_id', pattern: /"_id"\s*:/ },
];

const violations: string[] = [];
// The independent validator's verdicts, awaited when the test ends.
const pending: Promise<string | undefined>[] = [];

function check(req: IncomingMessage, res: ServerResponse, body: string): void {
  const where = `${req.method} ${req.url} → ${res.statusCode}`;
  const type = String(res.getHeader('content-type') ?? '');
  // RFC 6749 §5.2 gives a failed client authentication its own JSON (introspection answers it so).
  const clientAuthFailure = res.statusCode === 401 && String(res.getHeader('www-authenticate') ?? '').startsWith('Basic ');
  if (res.statusCode >= 400 && !type.startsWith('application/problem+json') && !clientAuthFailure)
    violations.push(`${where}: error without problem+json (${type})`);
  // The OpenAPI document names the password fields it describes; it holds no values.
  const describesFields = req.url === '/openapi.json';
  for (const { name, pattern } of FORBIDDEN) {
    if (type.includes('json') && !describesFields && pattern.test(body)) violations.push(`${where}: response holds ${name}`);
  }
  // Redirects carry Express's courtesy text, HEAD no body at all; a 308 is the HTTPS rule, on every route.
  if (req.method === 'HEAD' || res.statusCode === 308) return;
  const seen = {
    method: req.method ?? '',
    path: (req.url ?? '').split('?')[0] ?? '',
    status: res.statusCode,
    contentType: type,
    text: res.statusCode >= 300 && res.statusCode < 400 ? '' : body,
  };
  const problem = documentationProblem(seen);
  // Paths and methods outside the document (static files, 404, 405) have nothing to be checked against.
  if (problem !== undefined && problem !== 'undocumentedRoute') violations.push(problem);
  // The guard judges the document it reads: a third-party validator reads the same responses against it.
  pending.push(independentProblem(seen).catch((error: unknown) => `${where}: the independent validator failed: ${String(error)}`));
}

/**
 * Wraps an app so that every response of the test run is checked: errors are problem+json, no
 * body carries a stack trace, a password, `__v` or `_id`, and every response of a documented route
 * is what the OpenAPI document promises, by our check and by an independent validator's. Root hooks fail the test that broke it.
 */
export function guardResponses(app: RequestListener): RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) chunks.push(Buffer.from(chunk));
      return write(chunk, ...rest);
    }) as ServerResponse['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) chunks.push(Buffer.from(chunk));
      check(req, res, Buffer.concat(chunks).toString('utf8'));
      return end(chunk, ...rest);
    }) as ServerResponse['end'];
    app(req, res);
  };
}

/** The violations seen since the last call, which it clears. */
export async function takeViolations(): Promise<string[]> {
  const second = await Promise.all(pending.splice(0));
  return [...violations.splice(0), ...second.filter((problem) => problem !== undefined)];
}
