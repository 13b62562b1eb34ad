import assert from 'node:assert/strict';
import { parseDuration, spellDuration } from '../../../src/config/duration.js';

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

describe('spellDuration', () => {
  it('when a lifetime is whole hours, then it reads in hours; otherwise in minutes, singular for one', () => {
    assert.equal(spellDuration(24 * 3600), '24 hours');
    assert.equal(spellDuration(3600), '1 hour');
    assert.equal(spellDuration(30 * 60), '30 minutes');
    assert.equal(spellDuration(60), '1 minute');
  });
});
