import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/error-codes.js';
import { sendProblem } from '../errors/problem.js';

const BODY_PARSER_ERRORS: Record<string, [ErrorCode, string]> = {
  'entity.parse.failed': ['MALFORMED_JSON', 'The request body is not valid JSON.'],
  'entity.too.large': ['PAYLOAD_TOO_LARGE', 'The request body is too large.'],
  'encoding.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'The request body encoding is not supported.'],
  'charset.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be UTF-8 JSON.'],
};

// The driver's and Mongoose's ways of saying "the database cannot be reached right now".
const DATABASE_DOWN = /^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|NotConnected|PoolCleared|Topology|WaitQueueTimeout)/;

function isDatabaseDown(error: Error): boolean {
  return (
    // Every network failure, whatever its name (a pool cleared by a silent server is PoolClearedOnNetworkError).
    error instanceof mongoose.mongo.MongoNetworkError ||
    DATABASE_DOWN.test(error.name) ||
    (error.name === 'MongooseError' && error.message.includes('buffering timed out'))
  );
}

/** Turns anything thrown into an AppError: known failures keep their meaning, the rest become a 500. */
function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (!(error instanceof Error)) return undefined;
  const type = 'type' in error && typeof error.type === 'string' ? error.type : '';
  const known = BODY_PARSER_ERRORS[type];
  if (known) return new AppError(known[0], known[1], { cause: error });
  if (isDatabaseDown(error))
    return new AppError('SERVICE_UNAVAILABLE', 'The database is unreachable; try again shortly.', { cause: error });
  if ('status' in error && error.status === 400)
    return new AppError('VALIDATION_FAILED', 'The request could not be read.', { cause: error });
  return undefined;
}

/** 404 for every path no router answered. */
export const notFound: RequestHandler = (req) => {
  throw new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}.`);
};

/** The one place errors become responses: problem+json, never a stack trace or a driver message. */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) return next(error);
  const appError = toAppError(error);
  if (appError) {
    if (appError.status >= 500) req.log.warn({ err: error }, appError.detail);
    return sendProblem(res, appError);
  }
  req.log.error({ err: error }, 'unhandled error');
  sendProblem(res, new AppError('INTERNAL_ERROR', 'Something went wrong on our side.'));
};
