import { setImmediate } from 'node:timers/promises';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { createInFlight } from '../lib/in-flight.js';

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * Mail that leaves after the response. Whatever a mail needs (a token to store, an SMTP round trip)
 * is done in the background, so the response time does not tell whether a mail was sent at all.
 */
export interface Outbox {
  /** Composes a mail with `compose` and sends it, after the current request; a failure is logged, never answered. */
  post(compose: () => Promise<Mail>): void;
  /** Resolves once every mail posted so far has been sent or has failed: for shutdown, and for tests. */
  drain(): Promise<void>;
}

type Send = (mail: Mail) => Promise<unknown>;

// nodemailer waits minutes by default; a mail server that hangs must not hold a shutdown that long.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

function transport(config: Pick<Config, 'env' | 'mail'>, logger: Logger): Send | undefined {
  const { smtpUrl, from } = config.mail;
  if (smtpUrl) {
    const smtp = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS }, { from });
    return (mail) => smtp.sendMail(mail);
  }
  if (config.env === 'production') return undefined;
  // Development without a mail server: the log carries the mail, link included, so the flow can be followed.
  return (mail) => {
    logger.info({ mail: { to: mail.to, subject: mail.subject } }, `mail not sent (SMTP_URL is unset):\n${mail.text}`);
    return Promise.resolve();
  };
}

/** The outbox of `SMTP_URL`, or of the log outside production; undefined when production has no SMTP_URL. */
export function createOutbox(config: Pick<Config, 'env' | 'mail'>, logger: Logger): Outbox | undefined {
  const send = transport(config, logger);
  if (!send) return undefined;
  const deliveries = createInFlight();
  return {
    post(compose) {
      deliveries.track(
        setImmediate()
          .then(compose)
          .then(send)
          .catch((error: unknown) => logger.error({ err: error }, 'a mail could not be sent')),
      );
    },
    drain: () => deliveries.settled(),
  };
}
