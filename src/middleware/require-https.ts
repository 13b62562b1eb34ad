import type { RequestHandler } from 'express';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';

/** Liveness and readiness carry no secret, and platform probes reach the process directly over HTTP. */
export const HTTP_PROBE_PATHS: ReadonlySet<string> = new Set(['/health', '/health/ready']);
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * In production behind a proxy (TRUST_PROXY > 0), a request that arrived over plain HTTP gets 308
 * to the same URL over HTTPS for GET/HEAD, and 400 HTTPS_REQUIRED otherwise: redirecting a POST
 * would come after its password had already crossed the network in clear.
 */
export function requireHttps(config: Pick<Config, 'env' | 'trustProxy'>): RequestHandler {
  const active = config.env === 'production' && config.trustProxy > 0;
  return (req, res, next) => {
    // req.secure reads X-Forwarded-Proto only from the proxies `trust proxy` counts.
    if (!active || req.secure || HTTP_PROBE_PATHS.has(req.path)) return next();
    const host = req.get('host') ?? '';
    if ((req.method === 'GET' || req.method === 'HEAD') && HOST.test(host)) {
      return res.redirect(308, `https://${host}${req.originalUrl}`);
    }
    throw new AppError('HTTPS_REQUIRED', 'This API is served over HTTPS only; nothing was done.');
  };
}
