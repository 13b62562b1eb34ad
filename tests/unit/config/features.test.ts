import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config/config.js';
import { describeFeatures } from '../../../src/config/features.js';
import { FEATURES } from '../../helpers/app.js';

const google = {
  GOOGLE_CLIENT_ID: 'id',
  GOOGLE_CLIENT_SECRET: 'secret',
  GOOGLE_CALLBACK_URL: 'http://localhost:3000/auth/google/callback',
};

describe('describeFeatures', () => {
  it('when nothing optional is set, then it says each feature is off and which variables turn it on', () => {
    const line = describeFeatures(loadConfig({}), FEATURES);
    assert.match(line, /google off \(set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_CALLBACK_URL/);
    assert.match(line, /mail on, to the log \(SMTP_URL unset/);
    assert.match(line, /auth limit 1000 per 15 min per IP, counted in memory \(REDIS_URL unset\)/);
  });

  it('when Google, SMTP and Redis are set, then it says they are on and never prints a secret', () => {
    const line = describeFeatures(
      loadConfig({
        ...google,
        GOOGLE_AUTHORIZATION_URL: 'http://localhost:8080/authorize',
        OAUTH_SUCCESS_REDIRECT: 'http://localhost:3000/',
        SMTP_URL: 'smtps://mailer:hunter2-smtp@smtp.example.com:465',
        REDIS_URL: 'redis://:hunter2-redis@127.0.0.1:6379',
      }),
      FEATURES,
    );
    assert.match(line, /google on \(provider localhost:8080; back to http:\/\/localhost:3000\/\)/);
    assert.match(line, /mail on \(SMTP smtp\.example\.com:465\)/);
    assert.match(line, /counted in Redis/);
    assert.doesNotMatch(line, /hunter2|secret/);
  });

  it('when DISABLED_FEATURES names features, then the line names every feature, those off and why', () => {
    const line = describeFeatures(loadConfig({ DISABLED_FEATURES: 'mfa, passkeys' }), FEATURES);
    // notes, the example resource, is there until `npm run feature:remove -- notes`: on when present, else absent.
    assert.match(
      line,
      /^features: admin on \([^)]+\); google off \(set [^;]+; mail on, to the log [^;]+; mfa off \(DISABLED_FEATURES\); (notes on \(the example resource: \/notes\); )?passkeys off \(DISABLED_FEATURES\); auth limit/,
    );
    assert.equal(
      line.includes('notes on (the example resource: /notes)'),
      FEATURES.some((feature) => feature.name === 'notes'),
    );
  });

  it('when Google is on without OAUTH_SUCCESS_REDIRECT, then it says the callback answers JSON and how to land on a page', () => {
    assert.match(describeFeatures(loadConfig(google), FEATURES), /the callback answers JSON \(set OAUTH_SUCCESS_REDIRECT/);
  });
});
