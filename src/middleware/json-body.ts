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
 * Accepts UTF-8 JSON bodies only (415 otherwise), up to `limit`; parse errors reach the error handler.
 * A body holding `__proto__`, `constructor` or `prototype` at any depth is refused with 400
 * VALIDATION_FAILED, so no such key ever reaches an object we use, whatever a schema allows.
 */
export function jsonBody(limit: string): RequestHandler[] {
  return [
    (req, _res, next) => {
      if (!hasBody(req.headers)) return next();
      if (!req.is('application/json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be application/json.');
      // RFC 8259 §8.1: JSON between systems is UTF-8. The parser would also decode UTF-16 and UTF-32.
      const charset = CHARSET_PARAM.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
      if (charset !== undefined && charset !== 'utf-8') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be UTF-8 JSON.');
      next();
    },
    express.json({ limit, strict: true, type: 'application/json' }),
    (req, _res, next) => {
      const path = findPrototypeKey(req.body);
      if (path !== undefined) {
        throw new AppError('VALIDATION_FAILED', 'The request body is not valid.', {
          extensions: { errors: [{ path, message: 'is a reserved key' }] },
        });
      }
      next();
    },
  ];
}
