import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import type { AppError } from './app-error.js';

/** Writes an AppError as an RFC 9457 problem details response. */
export function sendProblem(res: Response, error: AppError): void {
  res.status(error.status).set(error.headers).type('application/problem+json');
  res.send(
    JSON.stringify({
      type: 'about:blank',
      title: STATUS_CODES[error.status] ?? 'Error',
      status: error.status,
      detail: error.detail,
      code: error.code,
      ...error.extensions,
    }),
  );
}
