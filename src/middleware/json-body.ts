import express, { type RequestHandler } from 'express';
import { AppError } from '../errors/app-error.js';

// The charset parameter of a Content-Type; a quoted value is read without its quotes.
const CHARSET_PARAM = /;\s*charset\s*=\s*"?([^";\s]*)/i;

// Keys that, merged or assigned into an object, reach its prototype chain.
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/** The path of the first prototype key anywhere in a parsed body; iterative, so depth cannot overflow the stack. */
function findPrototypeKey(body: unknown): string | undefined {
  const pending: [unknown, string][] = [[body, '']];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [value, path] = item;
    if (typeof value !== 'object' || value === null) continue;
    for (const key of Object.keys(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return keyPath;
      pending.push([(value as Record<string, unknown>)[key], keyPath]);
    }
  }
  return undefined;
}

/**
 * For a route whose body is form-encoded (RFC 7662 introspection): that type only (415 otherwise), up to
 * `limit`, flat (no nested keys) and into an object without a prototype.
 */
export function formBody(limit: string): RequestHandler {
  const parse = express.urlencoded({ limit, extended: false, parameterLimit: 20, type: 'application/x-www-form-urlencoded' });
  return (req, res, next) => {
    if (!hasBody(req.headers)) return next();
    if (!req.is('application/x-www-form-urlencoded')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'This request body must be application/x-www-form-urlencoded.');
    }
    parse(req, res, next);
  };
}

/**
 * Accepts UTF-8 JSON bodies only (415 otherwise), up to `limit`; parse errors reach the error handler.
 * A body holding `__proto__`, `constructor` or `prototype` at any depth is refused with 400
 * VALIDATION_FAILED, so no such key ever reaches an object we use, whatever a schema allows.
 */
export function jsonBody(limit: string): RequestHandler {
  const parse = express.json({ limit, strict: true, type: 'application/json' });
  return (req, res, next) => {
    // Most requests carry no body (every GET): they skip the parser altogether.
    if (!hasBody(req.headers)) return next();
    if (!req.is('application/json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be application/json.');
    // RFC 8259 §8.1: JSON between systems is UTF-8. The parser would also decode UTF-16 and UTF-32.
    const charset = CHARSET_PARAM.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be UTF-8 JSON.');
    // The parser calls back after the body has arrived: errors go to next(), a throw there would escape Express.
    parse(req, res, (error?: unknown) => {
      if (error) return next(error);
      const path = findPrototypeKey(req.body);
      if (path === undefined) return next();
      next(
        new AppError('VALIDATION_FAILED', 'The request body is not valid.', {
          extensions: { errors: [{ path, message: 'is a reserved key' }] },
        }),
      );
    });
  };
}
