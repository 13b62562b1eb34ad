import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError, type FieldError } from '../errors/app-error.js';

function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: 'is not an accepted field' }));
    }
    return [{ path, message: issue.message }];
  });
}

function parse(schema: z.ZodType, value: unknown, what: string): unknown {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', `The ${what} is not valid.`, { extensions: { errors: toFieldErrors(result.error) } });
  }
  return result.data;
}

/** Replaces `req.body` with its parsed form, or throws VALIDATION_FAILED listing every problem. */
export function validateBody(schema: z.ZodType): RequestHandler {
  return (req, _res, next) => {
    req.body = parse(schema, req.body ?? {}, 'request body');
    next();
  };
}

/** Replaces `req.query` with its parsed form, or throws VALIDATION_FAILED listing every problem. */
export function validateQuery(schema: z.ZodType): RequestHandler {
  return (req, _res, next) => {
    // Express 5 computes `req.query` in a getter on every read: shadow it with the parsed value.
    Object.defineProperty(req, 'query', { value: parse(schema, req.query, 'query string'), enumerable: true });
    next();
  };
}
