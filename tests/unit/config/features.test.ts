import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config/config.js';
import { describeFeatures } from '../../../src/config/features.js';
import { FEATURES } from '../../helpers/app.js';

const names = FEATURES.map((feature) => feature.name);

describe('describeFeatures (the start-up features: line)', () => {
  it('when nothing is switched off, then it names every feature in its own words, and how rate limits count', () => {
    const config = loadConfig({});
    const line = describeFeatures(config, FEATURES);
    for (const feature of FEATURES) assert.ok(line.includes(feature.describe?.(config) ?? `${feature.name} on`), feature.name);
    assert.match(line, /auth limit 1000 per 15 min per IP, counted in memory \(REDIS_URL unset\)$/);
  });

  it('when DISABLED_FEATURES names features, then each of those is off and says why, and the others are on', () => {
    const [first, ...others] = names;
    const line = describeFeatures(loadConfig({ DISABLED_FEATURES: String(first) }), FEATURES);
    assert.match(line, new RegExp(`^features: .*\\b${String(first)} off \\(DISABLED_FEATURES\\)`));
    for (const name of others) assert.doesNotMatch(line, new RegExp(`\\b${name} off \\(DISABLED_FEATURES\\)`));
  });

  it('when REDIS_URL is set, then the limits are counted in Redis and its password is never printed', () => {
    const line = describeFeatures(loadConfig({ REDIS_URL: 'redis://:hunter2-redis@127.0.0.1:6379' }), FEATURES);
    assert.match(line, /counted in Redis/);
    assert.doesNotMatch(line, /hunter2/);
  });
});
