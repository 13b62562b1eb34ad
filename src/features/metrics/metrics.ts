import type { Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { passwordQueueDepth } from '../../auth/passwords.js';
import { redisCommands } from '../../db/redis.js';
import { AUTH_EVENTS, authEvents } from '../../lib/auth-events.js';

/** A request that matched no route (a static file, a 404) is one label, never its raw path: label sets stay bounded. */
export const UNMATCHED_ROUTE = '(unmatched)';
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** What this app counts (docs/operations.md): its own registry, so test apps never share numbers. */
export interface AppMetrics {
  readonly registry: Registry;
  /** Counts every request when its answer is sent, by the route template that served it. */
  readonly countRequests: RequestHandler;
}

// The route table mounts every route on one router at the root, so the matched layer's path is the template.
const templateOf = (req: Request): string => (req.route as { path?: unknown } | undefined)?.path?.toString() ?? UNMATCHED_ROUTE;

function httpMetrics(registry: Registry, routeOf: (req: Request) => string): RequestHandler {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request to its answer',
    labelNames,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  // One child per label set, looked up once: prom-client would hash the labels on every request.
  const series = new Map<string, { count: () => void; observe: (seconds: number) => void }>();
  const seriesOf = (method: string, route: string, status: string) => {
    const key = `${method} ${status} ${route}`;
    let found = series.get(key);
    if (!found) {
      const [counter, histogram] = [requests.labels(method, route, status), durations.labels(method, route, status)];
      found = { count: () => counter.inc(), observe: (seconds) => histogram.observe(seconds) };
      series.set(key, found);
    }
    return found;
  };
  return (req: Request, res: Response, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const each = seriesOf(req.method, routeOf(req), String(res.statusCode));
      each.count();
      each.observe((performance.now() - started) / 1000);
    });
    next();
  };
}

function securityMetrics(registry: Registry): void {
  const events = new Counter({
    name: 'auth_events_total',
    help: 'Security events, counted where each happens',
    labelNames: ['event'],
    registers: [registry],
  });
  // At 0 from the start: rate() and increase() need a first sample before the first event.
  for (const event of AUTH_EVENTS) events.labels(event).inc(0);
  authEvents.listen((event) => events.labels(event).inc());
  new Gauge({
    name: 'password_hash_queue_depth',
    help: 'bcrypt hashes and compares waiting for a worker thread',
    registers: [registry],
    collect() {
      this.set(passwordQueueDepth());
    },
  });
  const redis = new Histogram({
    name: 'redis_command_duration_seconds',
    help: 'Redis commands of the shared rate limits, by how they ended (ok, error, timeout)',
    labelNames: ['outcome'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.3, 1],
    registers: [registry],
  });
  redisCommands.listen(({ seconds, outcome }) => redis.labels(outcome).observe(seconds));
}

/** Builds the metrics of one app; `scrapeRoute` is the label of GET /metrics, which is served outside the route table. */
export function createMetrics(scrapeRoute: (req: Request) => string | undefined): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  securityMetrics(registry);
  return { registry, countRequests: httpMetrics(registry, (req) => scrapeRoute(req) ?? templateOf(req)) };
}
