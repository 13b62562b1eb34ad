import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { bearerToken } from '../../auth/bearer-token.js';
import { createMetrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

const isScrape = (req: Request): boolean => req.path === METRICS_PATH && (req.method === 'GET' || req.method === 'HEAD');

/**
 * Counts every request, and serves GET /metrics to `Authorization: Bearer <METRICS_TOKEN>` only:
 * anything else falls through to the 404 of an unknown route, so a scanner cannot tell it is there.
 * A scrape reads counters kept in memory: no database call.
 */
export function metricsEndpoint(token: string): RequestHandler {
  const expected = digest(token);
  // Compared as digests: equal lengths for timingSafeEqual, and no timing signal of the token's length.
  const authorized = (req: Request): boolean => {
    const presented = bearerToken(req);
    return presented !== null && timingSafeEqual(digest(presented), expected);
  };
  const { registry, countRequests } = createMetrics((req) => (isScrape(req) ? METRICS_PATH : undefined));
  return (req, res, next) => {
    countRequests(req, res, () => {
      if (!isScrape(req) || !authorized(req)) return next();
      registry.metrics().then((text) => res.set({ 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).send(text), next);
    });
  };
}
