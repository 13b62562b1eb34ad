import { spellDuration } from '../../config/duration.js';
import { EMAIL_TOKEN_TTL_SECONDS, type EmailTokenPurpose } from './email-token.model.js';
import type { Mail } from '../../mail/outbox.js';

/** How long a link of `purpose` works, as mails and route summaries quote it. */
export const lifetime = (purpose: EmailTokenPurpose) => spellDuration(EMAIL_TOKEN_TTL_SECONDS[purpose]);

/** Where a mailed token is used: a fragment of APP_URL, which browsers never send to a server or a Referer. */
export function mailLink(appUrl: string, action: EmailTokenPurpose, token: string): string {
  const url = new URL(appUrl);
  url.hash = `${action}=${token}`;
  return url.href;
}

export function verificationMail(to: string, link: string): Mail {
  return {
    to,
    subject: 'Confirm your email address',
    text: [
      'Confirm that this address is yours by opening this link:',
      '',
      link,
      '',
      `The link works once, for ${lifetime('verify-email')}. If you did not ask for it, ignore this mail.`,
    ].join('\n'),
  };
}

export function passwordResetMail(to: string, link: string): Mail {
  return {
    to,
    subject: 'Reset your password',
    text: [
      'Choose a new password by opening this link:',
      '',
      link,
      '',
      `The link works once, for ${lifetime('reset-password')}; a newer link replaces it. Every device signed in to your`,
      'account is signed out when the password changes. If you did not ask for this, ignore this mail:',
      'your password stays as it is.',
    ].join('\n'),
  };
}

export function emailChangeMail(to: string, link: string): Mail {
  return {
    to,
    subject: 'Confirm your new email address',
    text: [
      'Make this address the email of your account by opening this link:',
      '',
      link,
      '',
      `The link works once, for ${lifetime('change-email')}. Until it is used, the account keeps its old address. Every device`,
      'signed in to the account is signed out when it changes. If you did not ask for this, ignore this mail.',
    ].join('\n'),
  };
}

/** Sent to the old address when someone asks to move the account to `newEmail`: the owner learns of it in time. */
export function emailChangeNotice(to: string, newEmail: string): Mail {
  return {
    to,
    subject: 'Your email address is about to change',
    text: [
      `Someone signed in to your account asked to change its email to ${newEmail}.`,
      `Nothing changes until a link mailed to that address is opened (within ${lifetime('change-email')}).`,
      '',
      'If this was not you, someone knows your password: change it now, which signs out every device.',
    ].join('\n'),
  };
}
