import type { Feature } from '../../feature.js';
import { metricsEndpoint } from './metrics-endpoint.js';

/**
 * Prometheus metrics at GET /metrics (docs/operations.md): on when METRICS_TOKEN is set, and then only
 * for that bearer token. Operational, so outside the route table: not in the OpenAPI document.
 */
export const metrics: Feature = {
  name: 'metrics',
  describe: (config) => (config.metricsToken ? 'metrics on (GET /metrics, METRICS_TOKEN)' : 'metrics off (METRICS_TOKEN unset)'),
  middleware: ({ metricsToken }) => (metricsToken === undefined ? undefined : metricsEndpoint(metricsToken)),
};
