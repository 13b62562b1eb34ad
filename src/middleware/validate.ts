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

/** Replaces `req.body` with its parsed form, or throws VALIDATION_FAILED listing every problem. */
export function validateBody(schema: z.ZodType): RequestHandler {
  return (req, _res, next) => {
    const result = schema.safeParse(req.body ?? {});
    if (!result.success) {
      throw new AppError('VALIDATION_FAILED', 'The request body is not valid.', {
        extensions: { errors: toFieldErrors(result.error) },
      });
    }
    req.body = result.data;
    next();
  };
}
