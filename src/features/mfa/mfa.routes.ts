import type { RequestHandler } from 'express';
import type { Config } from '../../config/config.js';
import type { Outbox } from '../../mail/outbox.js';
import { sendSecurityNotice } from '../../mail/security-notice.js';
import { setAccountEmail } from '../../middleware/account-email.js';
import type { Limiters } from '../../middleware/rate-limits.js';
import { SignedIn } from '../../schemas/auth.schemas.js';
import { MfaCodeBody, MfaLoginBody, RecoveryCodes, TotpSetup } from './mfa.schemas.js';
import { completeMfaLogin, mfaTokenEmail } from './mfa-login.service.js';
import { disableTotp, enableTotp, regenerateRecoveryCodes, setupTotp } from './totp.service.js';
import { clientInfo, refreshCookiePolicy, principal, requestedCookie, sendTokens } from '../../routes/route-helpers.js';
import { defineRoute, type RouteSpec } from '../../routes/route-spec.js';

// Wrong codes count against the account the mfa_token belongs to, like wrong passwords.
const mfaTokenAccount: RequestHandler = async (req, res, next) => {
  setAccountEmail(res, await mfaTokenEmail((req.body as { mfa_token: string }).mfa_token));
  next();
};

/**
 * TOTP set-up, recovery codes and the second step of a sign-in (contract: "Second factors"). Turning
 * TOTP on or off and renewing the codes mail the owner a notice, when `outbox` is there.
 */
export function mfaRoutes(config: Config, limiters: Limiters, outbox: Outbox | undefined): RouteSpec[] {
  const refreshPolicy = refreshCookiePolicy(config);
  return [
    defineRoute({
      method: 'post',
      path: '/auth/mfa/totp/setup',
      summary: 'Start TOTP set-up: a new secret and its otpauth:// URI, pending until enabled',
      auth: true,
      recentAuth: true,
      before: [limiters.authPerIp],
      success: { status: 200, description: 'The secret, shown once; a new call replaces a pending one', schema: TotpSetup },
      errors: ['UNAUTHORIZED', 'MFA_ALREADY_ENABLED', 'RATE_LIMITED', 'MFA_NOT_CONFIGURED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => res.json(await setupTotp(principal(req).user, config)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/mfa/totp/enable',
      summary: 'Turn two-step sign-in on with a first code; answers the recovery codes once',
      auth: true,
      recentAuth: true,
      before: [limiters.authPerIp],
      body: MfaCodeBody,
      success: { status: 200, description: 'On; ten single-use recovery codes, shown once', schema: RecoveryCodes },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'INVALID_MFA_CODE', 'MFA_ALREADY_ENABLED', 'RATE_LIMITED', 'MFA_NOT_CONFIGURED'],
      handler: async (req, res) => {
        const { user } = principal(req);
        const codes = await enableTotp(user._id, req.body.code, config);
        sendSecurityNotice(outbox, user.email, 'totp-enabled');
        res.json({ recovery_codes: codes });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/mfa/totp/disable',
      summary: 'Turn two-step sign-in off with a TOTP or recovery code',
      auth: true,
      recentAuth: true,
      before: [limiters.authPerIp],
      body: MfaCodeBody,
      after: [limiters.loginFailuresPerEmail],
      success: { status: 204, description: 'Off; the secret and the recovery codes are gone' },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'INVALID_MFA_CODE', 'RATE_LIMITED', 'MFA_NOT_CONFIGURED'],
      handler: async (req, res) => {
        const { user } = principal(req);
        await disableTotp(user._id, req.body.code, config);
        sendSecurityNotice(outbox, user.email, 'totp-disabled');
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/mfa/recovery-codes',
      summary: 'A new set of recovery codes, after a TOTP code; the old set stops working',
      auth: true,
      recentAuth: true,
      before: [limiters.authPerIp],
      body: MfaCodeBody,
      after: [limiters.loginFailuresPerEmail],
      success: { status: 200, description: 'Ten new single-use recovery codes, shown once', schema: RecoveryCodes },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'INVALID_MFA_CODE', 'RATE_LIMITED', 'MFA_NOT_CONFIGURED'],
      handler: async (req, res) => {
        const { user } = principal(req);
        const codes = await regenerateRecoveryCodes(user._id, req.body.code, config);
        sendSecurityNotice(outbox, user.email, 'recovery-codes-renewed');
        res.json({ recovery_codes: codes });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/login/mfa',
      summary: 'Finish a sign-in that answered MFA_REQUIRED, with a TOTP or recovery code',
      before: [limiters.authPerIp],
      body: MfaLoginBody,
      after: [mfaTokenAccount, limiters.loginFailuresPerEmail],
      success: { status: 200, description: 'Signed in; the mfa_token is now spent', schema: SignedIn },
      errors: [
        'VALIDATION_FAILED',
        'INVALID_MFA_CODE',
        'INVALID_MFA_TOKEN',
        'INVALID_CREDENTIALS',
        'ACCOUNT_DISABLED',
        'RATE_LIMITED',
        'MFA_NOT_CONFIGURED',
        'SERVICE_UNAVAILABLE',
      ],
      handler: async (req, res) =>
        sendTokens(res, 200, await completeMfaLogin(req.body, clientInfo(req), config), requestedCookie(req, refreshPolicy)),
    }),
  ];
}
