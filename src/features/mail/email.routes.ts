import type { RequestHandler, Response } from 'express';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import { lifetime } from './messages.js';
import type { Outbox } from '../../mail/outbox.js';
import type { Limiters } from '../../middleware/rate-limits.js';
import {
  Accepted,
  ChangeEmailBody,
  ConfirmEmailChangeBody,
  ForgotPasswordBody,
  ResetPasswordBody,
  User,
  VerifyEmailBody,
} from '../../schemas/auth.schemas.js';
import { confirmEmailChange, requestEmailChange } from './email-change.service.js';
import { requestEmailVerification, verifyEmail } from './email-verification.service.js';
import { requestPasswordReset, resetPassword } from './password-reset.service.js';
import { principal } from '../../routes/route-helpers.js';
import { defineRoute, type RouteSpec } from '../../routes/route-spec.js';

function configuredOutbox(outbox: Outbox | undefined): Outbox {
  if (!outbox) throw new AppError('MAIL_NOT_CONFIGURED', 'This server cannot send mail: SMTP_URL is not set.');
  return outbox;
}

function accepted(res: Response, message: string): void {
  res.status(202).json({ message });
}

/**
 * Email verification, password reset and email change. Without an outbox (production without SMTP_URL) every one
 * answers 503 MAIL_NOT_CONFIGURED before any other work; the two that send mail are limited per IP
 * and per recipient.
 */
export function emailRoutes(config: Config, limiters: Limiters, outbox: Outbox | undefined): RouteSpec[] {
  const mailConfigured: RequestHandler = (_req, _res, next) => {
    configuredOutbox(outbox);
    next();
  };
  return [
    defineRoute({
      method: 'post',
      path: '/auth/verify-email/request',
      summary: `Mail the signed-in user a link that verifies their email (${lifetime('verify-email')}, single use)`,
      auth: true,
      before: [mailConfigured, limiters.mailPerIp],
      after: [limiters.mailsPerRecipient],
      success: { status: 202, description: 'The mail is on its way', schema: Accepted },
      errors: ['UNAUTHORIZED', 'EMAIL_ALREADY_VERIFIED', 'RATE_LIMITED', 'MAIL_NOT_CONFIGURED', 'SERVICE_UNAVAILABLE'],
      handler: (req, res) => {
        const { user } = principal(req);
        requestEmailVerification(user, configuredOutbox(outbox), config);
        accepted(res, `A verification link is on its way to ${user.email}.`);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/verify-email',
      summary: 'Verify the email of the signed-in account with the token from the mailed link',
      auth: true,
      before: [mailConfigured],
      body: VerifyEmailBody,
      success: { status: 200, description: 'The user, with `email_verified: true`', schema: User },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'INVALID_VERIFICATION_TOKEN', 'MAIL_NOT_CONFIGURED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => res.json(await verifyEmail(req.body.token, principal(req).user)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/password/forgot',
      summary: `Mail a password-reset link (${lifetime('reset-password')}, single use); the same answer whether or not the account exists`,
      before: [mailConfigured, limiters.mailPerIp],
      body: ForgotPasswordBody,
      after: [limiters.mailsPerRecipient],
      success: { status: 202, description: 'Accepted; a mail is sent only when an account has this email', schema: Accepted },
      errors: ['VALIDATION_FAILED', 'RATE_LIMITED', 'MAIL_NOT_CONFIGURED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        await requestPasswordReset(req.body.email, configuredOutbox(outbox), config);
        accepted(res, 'If an account uses this email, a link to reset its password is on its way.');
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/password/reset',
      summary: 'Set a new password with the token from the mailed link; every session is revoked',
      before: [mailConfigured],
      body: ResetPasswordBody,
      success: { status: 204, description: 'Changed; every session and access token of the account is revoked' },
      errors: ['VALIDATION_FAILED', 'INVALID_RESET_TOKEN', 'MAIL_NOT_CONFIGURED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        await resetPassword(req.body, config);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/email',
      summary: `Change the email: mails a link to the new address (${lifetime('change-email')}, single use) and a notice to the old one`,
      auth: true,
      recentAuth: true,
      before: [mailConfigured, limiters.mailPerIp],
      body: ChangeEmailBody,
      // A wrong password counts against the account like a failed sign-in; mails count per new address.
      after: [limiters.loginFailuresPerEmail, limiters.mailsPerRecipient],
      success: { status: 202, description: 'The link is on its way; nothing changes until it is used', schema: Accepted },
      errors: [
        'VALIDATION_FAILED',
        'UNAUTHORIZED',
        'INVALID_CREDENTIALS',
        'EMAIL_TAKEN',
        'RATE_LIMITED',
        'MAIL_NOT_CONFIGURED',
        'SERVICE_UNAVAILABLE',
      ],
      handler: async (req, res) => {
        await requestEmailChange(principal(req), req.body, configuredOutbox(outbox), config);
        accepted(res, `A confirmation link is on its way to ${req.body.new_email}.`);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/email/confirm',
      summary:
        'Confirm an email change, signed in to the account that asked for it, with the token from the mailed link; every session is revoked',
      auth: true,
      before: [mailConfigured],
      body: ConfirmEmailChangeBody,
      success: { status: 200, description: 'The user with the new email, `email_verified: true`', schema: User },
      errors: [
        'VALIDATION_FAILED',
        'UNAUTHORIZED',
        'INVALID_EMAIL_CHANGE_TOKEN',
        'EMAIL_TAKEN',
        'MAIL_NOT_CONFIGURED',
        'SERVICE_UNAVAILABLE',
      ],
      handler: async (req, res) => res.json(await confirmEmailChange(req.body.token, principal(req).user)),
    }),
  ];
}
