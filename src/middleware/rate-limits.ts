import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { MemoryStore, rateLimit, type Options, type RateLimitInfo } from 'express-rate-limit';
import { pino, type Logger } from 'pino';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { authEvents, type AuthEvent } from '../lib/auth-events.js';
import { accountEmail } from './account-email.js';
import { clientIpKey } from './client-ip-key.js';
import type { StoreFactory } from './rate-limit-store.js';

/** The limiters of the API; each app builds its own, so test apps never share memory counters. */
export interface Limiters {
  /** Per client IP (an IPv6 client by its /64): login, register and the OAuth start. */
  readonly authPerIp: RequestHandler;
  /** Per client IP on POST /auth/refresh, with its own counter: refreshing never spends the sign-in budget. */
  readonly refreshPerIp: RequestHandler;
  /**
   * Wrong passwords and second-factor codes per account (its normalised email), from any IP: one budget
   * for every route that checks one (login, its MFA step, password change, MFA changes). Mount it in `after`,
   * once auth and validation have said whose account it is.
   */
  readonly loginFailuresPerEmail: RequestHandler;
  /** Per client IP on the routes that send mail, with its own counter. */
  readonly mailPerIp: RequestHandler;
  /** Mails per recipient (an email change's new address, else the signed-in user's email, else the body's), from any IP; mount after auth and validation. */
  readonly mailsPerRecipient: RequestHandler;
  /**
   * Failed client authentications (a service's HTTP Basic id and secret, answered 401) per client IP, with
   * LOGIN_FAILURE_MAX and its window: guessing a client secret is slowed as guessing a password is.
   */
  readonly clientAuthFailuresPerIp: RequestHandler;
}

export interface LimiterOptions {
  /** Counters in Redis (shared by every instance) instead of this process's memory. */
  readonly store?: StoreFactory | undefined;
  readonly logger?: Logger | undefined;
}

// Hit counts are never stored under the address itself: a leaked Redis holds no email list.
const hashed = (email: unknown): string =>
  createHash('sha256')
    .update(typeof email === 'string' ? email : '')
    .digest('base64url');
// The account a request is about: the signed-in user's email, else the one a route resolved (the
// account of an mfa_token, see setAccountEmail), else the validated body's.
const emailKey = (req: Request, res: Response): string =>
  hashed(req.user?.user.email ?? accountEmail(res) ?? (req.body as { email?: unknown } | undefined)?.email);
// Where the mail goes: the new address of an email change, else the account's.
const recipientKey = (req: Request, res: Response): string => {
  const newEmail = (req.body as { new_email?: unknown } | undefined)?.new_email;
  return newEmail === undefined ? emailKey(req, res) : hashed(newEmail);
};

/** The draft-6 RateLimit-* headers and Retry-After, for a limiter that sends them only when it refuses. */
function setRefusalHeaders(res: Response, info: RateLimitInfo | undefined, windowMs: number): void {
  const reset = Math.max(1, Math.ceil(((info?.resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
  res.set({
    'RateLimit-Policy': `${info?.limit ?? 0};w=${Math.ceil(windowMs / 1000)}`,
    'RateLimit-Limit': String(info?.limit ?? 0),
    'RateLimit-Remaining': '0',
    'RateLimit-Reset': String(reset),
    'Retry-After': String(reset),
  });
}

/** A refusal: counted (auth_events_total) where it is answered, then the 429. */
function refused(event: AuthEvent, detail: string): AppError {
  authEvents.report(event);
  return new AppError('RATE_LIMITED', detail);
}

function baseOptions(name: string, options: LimiterOptions): Partial<Options> {
  const logger = options.logger ?? pino({ level: 'silent' });
  return {
    standardHeaders: 'draft-6',
    legacyHeaders: false,
    requestPropertyName: `rateLimit:${name}`,
    // An unreachable store must not take the API down with it: the request passes unlimited.
    passOnStoreError: true,
    store: options.store ? options.store(`rl:${name}:`) : new MemoryStore(),
    handler: (_req, _res, next) => next(refused('rate_limited', 'Too many requests from this address; try again later.')),
    logger: {
      // Store failures arrive with a message and are reported once by the store and the Redis client.
      error: (error: unknown, message?: string) =>
        message ? logger.debug({ err: error }, message) : logger.warn({ err: error }, 'rate limiter'),
      warn: (error: unknown) => logger.warn({ err: error }, 'rate limiter'),
    },
  };
}

interface Refusal {
  readonly event: AuthEvent;
  readonly detail: string;
}

// The key is req.ip (the hop TRUST_PROXY designates), normalised: no port, an IPv6 client by its /64.
// The library's IPv6 check reads the generator's source; clientIpKey applies its ipKeyGenerator itself.
const BY_CLIENT_IP: Partial<Options> = { keyGenerator: (req) => clientIpKey(req.ip), validate: { keyGeneratorIpFallback: false } };

/** Counts only the 401s: a request whose client authenticated is never held back by others' failures. */
function clientAuthFailures(config: Config, options: LimiterOptions): RequestHandler {
  const { loginFailureMax, loginFailureWindowMs } = config.rateLimit;
  return rateLimit({
    ...baseOptions('client-auth-ip', options),
    windowMs: loginFailureWindowMs,
    limit: loginFailureMax,
    ...BY_CLIENT_IP,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
  });
}

/** Builds the contract's abuse limits from RATE_LIMIT_AUTH_*, LOGIN_FAILURE_* and MAIL_PER_EMAIL_*; 429 RATE_LIMITED when over. */
export function createLimiters(config: Config, options: LimiterOptions = {}): Limiters {
  const { authMax, authWindowMs, loginFailureMax, loginFailureWindowMs } = config.rateLimit;
  const perIp = (name: string) => rateLimit({ ...baseOptions(name, options), windowMs: authWindowMs, limit: authMax, ...BY_CLIENT_IP });
  // Per email, from any IP. Headers only on refusal: the per-IP ones stay visible, and nobody reads an account's count.
  const perEmail = (name: string, windowMs: number, limit: number, refusal: Refusal, counts: Partial<Options> = {}) =>
    rateLimit({
      ...baseOptions(name, options),
      windowMs,
      limit,
      standardHeaders: false,
      handler: (req, res, next) => {
        setRefusalHeaders(res, (req as Request & Record<string, RateLimitInfo | undefined>)[`rateLimit:${name}`], windowMs);
        next(refused(refusal.event, refusal.detail));
      },
      keyGenerator: emailKey,
      ...counts,
    });
  return {
    authPerIp: perIp('auth-ip'),
    refreshPerIp: perIp('refresh-ip'),
    loginFailuresPerEmail: perEmail(
      'login-failures',
      loginFailureWindowMs,
      loginFailureMax,
      { event: 'account_locked', detail: 'Too many failed sign-ins for this account; try again later.' },
      {
        // Only wrong credentials count (after validation, a 400 or 401 is a wrong password or code);
        // while over the limit even the right password gets 429.
        skipSuccessfulRequests: true,
        requestWasSuccessful: (_req, res) => res.statusCode !== 401 && res.statusCode !== 400,
      },
    ),
    mailPerIp: perIp('mail-ip'),
    clientAuthFailuresPerIp: clientAuthFailures(config, options),
    // Every request counts, whether or not an account has the address: the limit tells nothing about which do.
    mailsPerRecipient: perEmail(
      'mails',
      config.mail.perEmailWindowMs,
      config.mail.perEmailMax,
      { event: 'rate_limited', detail: 'Too many mails were asked for this address; try again later.' },
      { keyGenerator: recipientKey },
    ),
  };
}
