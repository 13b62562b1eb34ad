import type { Config } from './config.js';

function google(config: Config): string {
  if (!config.google) return 'Google sign-in off (set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_CALLBACK_URL: AUTH-SETUP.md)';
  const provider = new URL(config.google.authorizationUrl).host;
  const after = config.oauthSuccessRedirect
    ? `back to ${config.oauthSuccessRedirect}`
    : 'the callback answers JSON (set OAUTH_SUCCESS_REDIRECT to land on a page)';
  return `Google sign-in on (provider ${provider}; ${after})`;
}

function mail(config: Config): string {
  if (config.mail.smtpUrl) return `mail on (SMTP ${new URL(config.mail.smtpUrl).host})`;
  return config.env === 'production'
    ? 'mail off (SMTP_URL unset: verification and reset answer 503)'
    : 'mail to the log (SMTP_URL unset: each mail, link included, is written to this log)';
}

function limits(config: Config): string {
  const { authMax, authWindowMs } = config.rateLimit;
  const where = config.redis ? 'counted in Redis' : 'counted in memory (REDIS_URL unset)';
  return `auth limit ${authMax} per ${authWindowMs / 60_000} min per IP, ${where}`;
}

/** One start-up line saying which optional features are on, and what turns on those that are off. */
export function describeFeatures(config: Config): string {
  return `features: ${[google(config), mail(config), limits(config)].join('; ')}`;
}
