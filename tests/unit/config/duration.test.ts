import assert from 'node:assert/strict';
import { parseDuration } from '../../../src/config/duration.js';

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and days', () => {
    assert.equal(parseDuration('30s'), 30);
    assert.equal(parseDuration('15m'), 900);
    assert.equal(parseDuration('12h'), 43_200);
    assert.equal(parseDuration('30d'), 2_592_000);
  });

  it('refuses anything else, zero included', () => {
    for (const value of ['abc', '15', 'm', '-5m', '1.5h', '0s', '15 minutes', '']) assert.equal(parseDuration(value), undefined, value);
  });
});
