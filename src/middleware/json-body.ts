import express, { type RequestHandler } from 'express';
import { AppError } from '../errors/app-error.js';

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/** Accepts JSON bodies only (415 otherwise), up to `limit`; parse errors reach the error handler. */
export function jsonBody(limit: string): RequestHandler[] {
  return [
    (req, _res, next) => {
      if (hasBody(req.headers) && !req.is('application/json')) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be application/json.');
      }
      next();
    },
    express.json({ limit, strict: true, type: 'application/json' }),
  ];
}
