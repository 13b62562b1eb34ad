import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config/config.js';
import { mail } from '../../../src/features/mail/index.js';

describe('mail in the start-up features: line', () => {
  it('when SMTP_URL is unset outside production, then mails go to the log', () => {
    assert.match(mail.describe?.(loadConfig({})) ?? '', /^mail on, to the log \(SMTP_URL unset/);
  });

  it('when SMTP_URL is set, then it names the host and never the password', () => {
    const line = mail.describe?.(loadConfig({ SMTP_URL: 'smtps://mailer:hunter2-smtp@smtp.example.com:465' })) ?? '';
    assert.equal(line, 'mail on (SMTP smtp.example.com:465)');
  });
});
