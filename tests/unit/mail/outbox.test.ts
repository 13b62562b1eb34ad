import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../../src/logging/logger.js';
import { createOutbox, type Outbox } from '../../../src/mail/outbox.js';
import { testConfig } from '../../helpers/app.js';

const MAIL = { to: 'ada@example.com', subject: 'Reset your password', text: 'Open https://app.example.com/#reset-password=abc' };

/** An outbox whose logger (LOG_LEVEL info) writes parsed lines into `lines`. */
function outboxWithLog(env: Record<string, string>): { outbox: Outbox | undefined; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const config = testConfig({ LOG_LEVEL: 'info', ...env });
  const outbox = createOutbox(config, createLogger(config, { write: (line: string) => void lines.push(JSON.parse(line)) }));
  return { outbox, lines };
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('createOutbox', () => {
  it('when SMTP_URL is unset outside production, then a posted mail is written to the log, link included', async () => {
    const { outbox, lines } = outboxWithLog({ NODE_ENV: 'development' });
    assert.ok(outbox);
    outbox.post(() => Promise.resolve(MAIL));
    assert.equal(lines.length, 0, 'nothing happens before the current request is answered');
    await outbox.drain();
    const logged = lines.find((line) => line.msg.includes('#reset-password=abc'));
    assert.ok(logged, JSON.stringify(lines));
    assert.match(logged.msg, /SMTP_URL is unset/);
  });

  it('when SMTP_URL is unset in production, then there is no outbox', () => {
    const config = testConfig({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:27017/unused', LOG_LEVEL: 'silent' });
    assert.equal(createOutbox(config, createLogger(config)), undefined);
    assert.ok(config.warnings.some((warning) => warning.startsWith('SMTP_URL is not set')));
  });

  it('when the mail server is unreachable or composing fails, then drain still resolves and each failure is logged as an error', async () => {
    const { outbox, lines } = outboxWithLog({ SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` });
    assert.ok(outbox);
    outbox.post(() => Promise.resolve(MAIL));
    outbox.post(() => Promise.reject(new Error('the database is down')));
    await outbox.drain();
    const failures = lines.filter((line) => line.level === 50 && line.msg === 'a mail could not be sent');
    assert.equal(failures.length, 2, JSON.stringify(lines));
  });
});
