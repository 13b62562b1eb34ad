import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config/config.js';
import { google } from '../../../src/features/google/index.js';

const GOOGLE = {
  GOOGLE_CLIENT_ID: 'id',
  GOOGLE_CLIENT_SECRET: 'secret',
  GOOGLE_CALLBACK_URL: 'http://localhost:3000/auth/google/callback',
};

describe('google in the start-up features: line', () => {
  it('when it is not configured, then it says off and which variables turn it on', () => {
    assert.match(
      google.describe?.(loadConfig({})) ?? '',
      /^google off \(set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_CALLBACK_URL/,
    );
  });

  it('when it is configured with a landing page, then it names the provider and the page, never the secret', () => {
    const config = loadConfig({
      ...GOOGLE,
      GOOGLE_AUTHORIZATION_URL: 'http://localhost:8080/authorize',
      OAUTH_SUCCESS_REDIRECT: 'http://localhost:3000/',
    });
    const line = google.describe?.(config) ?? '';
    assert.match(line, /^google on \(provider localhost:8080; back to http:\/\/localhost:3000\/\)/);
    assert.doesNotMatch(line, /secret/);
  });

  it('when it is configured without OAUTH_SUCCESS_REDIRECT, then it says the callback answers JSON and how to land on a page', () => {
    assert.match(google.describe?.(loadConfig(GOOGLE)) ?? '', /the callback answers JSON \(set OAUTH_SUCCESS_REDIRECT/);
  });
});
