import { createSignal } from './signal.js';

/** The security events an operator counts (auth_events_total, docs/operations.md); each is reported in one place. */
export const AUTH_EVENTS = [
  'login_succeeded',
  'login_failed',
  'mfa_required',
  'mfa_failed',
  'refresh_reused',
  'session_revoked',
  'rate_limited',
  'account_locked',
] as const;

export type AuthEvent = (typeof AUTH_EVENTS)[number];

export const authEvents = createSignal<AuthEvent>();
