import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's typings are augmented through their global namespace.
  namespace Express {
    interface Request {
      /** The request id: a well-formed incoming X-Request-Id, else generated; echoed in the response. */
      id: string;
      /** The logger of this request: every line carries the request's id, method and path. */
      readonly log: Logger;
    }
  }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

type RequestWithUrl = IncomingMessage & { originalUrl?: string; id?: unknown };

/** The path without its query string: a query may carry a code or a token, and never reaches a log line. */
function pathOf(req: RequestWithUrl): string {
  return (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
}

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * One JSON line per request — method, path (no query), status, duration (`responseTime`, ms) and
 * the request id — at `error` for a 5xx or a failed response, else `info`; and `req.log` for
 * handlers. No header is logged. The request's child logger is built only when a line is written:
 * at LOG_LEVEL=warn a successful request costs an id and nothing else, and at info its line is one
 * plain object.
 */
export function requestLogger(logger: Logger): RequestHandler {
  const base = logger.child(
    {},
    {
      serializers: {
        req: (req: RequestWithUrl) => ({ id: req.id, method: req.method, path: pathOf(req) }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
    },
  );
  // The request line is built here from plain values, none of them secret: no serializer to run and
  // no redaction to walk, which were most of the log's cost per request (docs/performance.md).
  const lines = logger.child({}, { redact: [] });
  return (req, res, next) => {
    const started = Date.now();
    req.id = requestId(req, res);
    let log: Logger | undefined;
    Object.defineProperty(req, 'log', { get: () => (log ??= base.child({ req })), configurable: true, enumerable: true });
    const complete = (error?: Error) => {
      res.off('close', complete).off('finish', complete).off('error', complete);
      const failure = error ?? (res.statusCode >= 500 ? new Error(`failed with status code ${res.statusCode}`) : undefined);
      if (!base.isLevelEnabled(failure ? 'error' : 'info')) return;
      const responseTime = Date.now() - started;
      const line = `${req.method} ${pathOf(req)} ${res.statusCode}`;
      if (failure) req.log.error({ res, err: failure, responseTime }, line);
      else
        lines.info(
          { req: { id: req.id, method: req.method, path: pathOf(req) }, res: { statusCode: res.statusCode }, responseTime },
          `${line} ${responseTime}ms`,
        );
    };
    res.on('close', complete).on('finish', complete).on('error', complete);
    next();
  };
}
