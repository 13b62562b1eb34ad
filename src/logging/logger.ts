import { pino, type Logger, type DestinationStream } from 'pino';
import type { Config } from '../config/config.js';

/**
 * Never written to a log: credentials, tokens and session cookies wherever they appear. Not `*.code`,
 * which would hide every error's code; request lines carry no body or query, where an OAuth code lives.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  // The OAuth callback's redirect carries a one-time code that can be traded for tokens.
  'res.headers.location',
  '*.password',
  '*.current_password',
  '*.new_password',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.client_secret',
  '*.code_verifier',
];

/** The process logger: JSON lines, readable in development when pino-pretty is installed. */
export function createLogger(config: Pick<Config, 'env' | 'logLevel'>, destination?: DestinationStream): Logger {
  const options = { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (destination) return pino(options, destination);
  if (config.env === 'development') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname,req,res,responseTime' } } });
  }
  // Synchronous writes to stdout, one per line: pino's default stream writes each line through libuv's
  // thread pool, a wake-up of another thread per request that cost /auth/me about a seventh of its
  // throughput (docs/performance.md). A platform reads stdout as it comes, so a write does not wait.
  return pino(options, pino.destination({ dest: 1, sync: true }));
}
