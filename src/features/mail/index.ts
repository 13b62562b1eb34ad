import { voidUnspent } from '../../auth/single-use-token.js';
import type { Config } from '../../config/config.js';
import type { Feature } from '../../feature.js';
import { EmailTokenModel } from './email-token.model.js';
import { emailRoutes } from './email.routes.js';

function describe(config: Config): string {
  if (config.mail.smtpUrl) return `mail on (SMTP ${new URL(config.mail.smtpUrl).host})`;
  return config.env === 'production'
    ? 'mail on, but SMTP_URL is unset: verification, reset and email change answer 503'
    : 'mail on, to the log (SMTP_URL unset: each mail, link included, is written to this log)';
}

/** The mailed links: email verification, password reset and email change. */
export const mail: Feature = {
  name: 'mail',
  describe,
  routes: ({ config, limiters, outbox }) => emailRoutes(config, limiters, outbox),
  voidPending: (user) => voidUnspent(EmailTokenModel, user),
  deleteUserData: (user) => EmailTokenModel.deleteMany({ user }),
};
