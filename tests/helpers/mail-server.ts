import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Outbox } from '../../src/mail/outbox.js';
import { buildAppWithOutbox } from './app.js';

export interface DeliveredMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

export interface MailServer {
  /** `smtp://127.0.0.1:<port>`: the SMTP_URL of an app that should deliver here. */
  readonly url: string;
  /** Every message delivered so far to `address`, oldest first. */
  to(address: string): Promise<DeliveredMail[]>;
  /** How many messages were delivered so far, to anyone. */
  count(): number;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every message it accepts. A message is stored before
 * the server answers 250, so once the app's outbox has drained, everything it sent is here.
 */
export async function startMailServer(): Promise<MailServer> {
  const raw: { to: string[]; message: Buffer }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        raw.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), message: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    async to(address) {
      const delivered = raw.filter((entry) => entry.to.includes(address));
      return Promise.all(
        delivered.map(async ({ to, message }) => {
          const { subject, text } = await simpleParser(message);
          return { to, subject: subject ?? '', text: text ?? '' };
        }),
      );
    },
    count: () => raw.length,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The token of a mailed link to `action` (the link's fragment is `#<action>=<token>`). */
export function tokenIn(mail: DeliveredMail, action: 'verify-email' | 'reset-password' | 'change-email'): string {
  const match = new RegExp(`#${action}=([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${action} link in: ${mail.text}`);
  return match[1];
}

export interface MailingApp {
  readonly app: RequestListener;
  readonly outbox: Outbox;
  /** Waits until every mail the app posted has left, then returns the newest one delivered to `address`. */
  readonly newestMail: (address: string) => Promise<DeliveredMail>;
}

/** A test app (test configuration plus `overrides`) whose mail goes to `server`. */
export function mailingApp(server: MailServer, overrides: Record<string, string> = {}): MailingApp {
  const { app, outbox } = buildAppWithOutbox({ SMTP_URL: server.url, ...overrides });
  assert.ok(outbox, 'an app with SMTP_URL has an outbox');
  return {
    app,
    outbox,
    newestMail: async (address) => {
      await outbox.drain();
      const newest = (await server.to(address)).at(-1);
      assert.ok(newest, `a mail reached ${address}`);
      return newest;
    },
  };
}

/**
 * For a describe block: a mail server started before its tests and closed after them, and one app
 * that mails to it. Read the fields inside hooks and tests, once `before` has run.
 */
export function mailingSuite(): MailingApp & { readonly server: MailServer } {
  let started: (MailingApp & { server: MailServer }) | undefined;
  before(async () => {
    const server = await startMailServer();
    started = { server, ...mailingApp(server) };
  });
  after(() => started?.server.close());
  const current = () => {
    assert.ok(started, 'mailingSuite() is read inside a hook or a test');
    return started;
  };
  return {
    get server() {
      return current().server;
    },
    get app() {
      return current().app;
    },
    get outbox() {
      return current().outbox;
    },
    newestMail: (address) => current().newestMail(address),
  };
}
