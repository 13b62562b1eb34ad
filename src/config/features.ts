import type { Feature } from '../feature.js';
import type { Config } from './config.js';

function limits(config: Config): string {
  const { authMax, authWindowMs } = config.rateLimit;
  const where = config.redis ? 'counted in Redis' : 'counted in memory (REDIS_URL unset)';
  return `auth limit ${authMax} per ${authWindowMs / 60_000} min per IP, ${where}`;
}

function state(feature: Feature, config: Config): string {
  if (config.disabledFeatures.has(feature.name)) return `${feature.name} off (DISABLED_FEATURES)`;
  return feature.describe?.(config) ?? `${feature.name} on`;
}

/** One start-up line naming every feature, on or off and why, and how the rate limits count. */
export function describeFeatures(config: Config, features: readonly Feature[]): string {
  return `features: ${[...features.map((feature) => state(feature, config)), limits(config)].join('; ')}`;
}
