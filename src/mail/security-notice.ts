import type { Mail, Outbox } from './outbox.js';

/**
 * Each change to how an account signs in that its owner is told of (ASVS V6.3): the subject, and what
 * happened. A notice names the change only, never a secret, code or link: a mailbox may be read by others.
 */
const EVENTS = {
  'totp-enabled': {
    subject: 'Two-step sign-in is on',
    says: 'Two-step sign-in was turned on for your account: signing in now also asks for a code from an authenticator app.',
  },
  'totp-disabled': {
    subject: 'Two-step sign-in is off',
    says: 'Two-step sign-in was turned off for your account: the password alone now signs in.',
  },
  'totp-disabled-by-admin': {
    subject: 'An administrator turned two-step sign-in off',
    says: 'An administrator turned two-step sign-in off for your account: the password alone now signs in.',
  },
  'recovery-codes-renewed': {
    subject: 'New recovery codes for your account',
    says: 'A new set of recovery codes was made for your account; the previous codes no longer work.',
  },
  'passkey-added': {
    subject: 'A passkey was added to your account',
    says: 'A new passkey was added to your account: it signs in on its own, without the password.',
  },
  'passkey-removed': {
    subject: 'A passkey was removed from your account',
    says: 'A passkey was removed from your account: it no longer signs in.',
  },
} as const;

export type SecurityEvent = keyof typeof EVENTS;

/** The notice of `event`, to the account's address `to`. */
export function securityNotice(to: string, event: SecurityEvent): Mail {
  const { subject, says } = EVENTS[event];
  return {
    to,
    subject,
    text: [
      says,
      '',
      'If this was not you, someone else can sign in to your account: change your password now, which signs out',
      'every device, then check your two-step sign-in and passkeys.',
    ].join('\n'),
  };
}

/** Posts the notice of `event`; without an outbox (mail not configured) the change stands and no notice is sent. */
export function sendSecurityNotice(outbox: Outbox | undefined, to: string, event: SecurityEvent): void {
  outbox?.post(() => Promise.resolve(securityNotice(to, event)));
}
