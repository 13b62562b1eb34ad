import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import cookieParser from 'cookie-parser';
import type { Config } from '../../config/config.js';
import { requestCookie, sentString, type CookieDefinition } from '../../http/cookies.js';
import type { Outbox } from '../../mail/outbox.js';
import { sendSecurityNotice } from '../../mail/security-notice.js';
import type { Limiters } from '../../middleware/rate-limits.js';
import { SignedIn, TokenResponse } from '../../schemas/auth.schemas.js';
import {
  Passkey,
  PasskeyCreationOptions,
  PasskeyList,
  PasskeyLoginBody,
  PasskeyRegisterBody,
  PasskeyRequestOptions,
} from './passkey.schemas.js';
import {
  passkeyLoginOptions,
  passkeyReauthenticationOptions,
  reauthenticateWithPasskey,
  signInWithPasskey,
} from './passkey-login.service.js';
import { deletePasskey, listPasskeys, passkeyRegistrationOptions, registerPasskey } from './passkey.service.js';
import { WEBAUTHN_CHALLENGE_TTL_SECONDS } from './webauthn-challenge.service.js';
import { clientInfo, refreshCookiePolicy, principal, requestedCookie, sendTokens } from '../../routes/route-helpers.js';
import { defineRoute, type RouteSpec } from '../../routes/route-spec.js';

const LOGIN_PATH = '/auth/passkeys/login';

// Binds a sign-in challenge to the browser that asked for it: only that browser can answer it.
const CHALLENGE_BINDING_COOKIE: CookieDefinition = {
  name: 'passkey_challenge',
  path: LOGIN_PATH,
  sameSite: 'strict',
  maxAgeSeconds: WEBAUTHN_CHALLENGE_TTL_SECONDS,
};

/**
 * Passkeys (WebAuthn): register, list and delete them, and sign in with one (contract: "Second
 * factors"). Adding or removing one mails the owner a notice, when `outbox` is there.
 */
export function passkeyRoutes(config: Config, limiters: Limiters, outbox: Outbox | undefined): RouteSpec[] {
  const parseCookies = cookieParser();
  const refreshPolicy = refreshCookiePolicy(config);
  return [
    defineRoute({
      method: 'post',
      path: '/auth/passkeys/register/options',
      summary: 'Options for navigator.credentials.create(): a discoverable passkey, user verification required',
      auth: true,
      recentAuth: true,
      success: {
        status: 200,
        description: 'PublicKeyCredentialCreationOptionsJSON; its challenge is single use, 5 minutes',
        schema: PasskeyCreationOptions,
      },
      errors: ['UNAUTHORIZED', 'PASSKEY_LIMIT', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => res.json(await passkeyRegistrationOptions(principal(req).user, config)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/passkeys/register/verify',
      summary: 'Register the passkey the browser created',
      auth: true,
      recentAuth: true,
      body: PasskeyRegisterBody,
      success: { status: 201, description: 'Registered', schema: Passkey },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', { code: 'INVALID_PASSKEY', status: 400 }, 'PASSKEY_LIMIT', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        const { user } = principal(req);
        const passkey = await registerPasskey(user._id, req.body.response as RegistrationResponseJSON, req.body.name, config);
        sendSecurityNotice(outbox, user.email, 'passkey-added');
        res.status(201).json(passkey);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/auth/passkeys',
      summary: "The signed-in user's passkeys, newest first",
      auth: true,
      success: { status: 200, description: 'The passkeys', schema: PasskeyList },
      errors: ['UNAUTHORIZED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => res.json(await listPasskeys(principal(req).user._id)),
    }),
    defineRoute({
      method: 'delete',
      path: '/auth/passkeys/:id',
      summary: 'Delete one of your passkeys',
      auth: true,
      recentAuth: true,
      success: { status: 204, description: 'Deleted' },
      errors: ['UNAUTHORIZED', 'NOT_FOUND', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        const { user } = principal(req);
        await deletePasskey(user._id, req.params.id ?? '');
        sendSecurityNotice(outbox, user.email, 'passkey-removed');
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: `${LOGIN_PATH}/options`,
      summary: 'Options for navigator.credentials.get() with a discoverable passkey; the challenge is bound to this browser',
      before: [limiters.authPerIp],
      success: {
        status: 200,
        description: 'PublicKeyCredentialRequestOptionsJSON; sets the challenge cookie (5 minutes)',
        schema: PasskeyRequestOptions,
      },
      errors: ['RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        const { options, bindingSecret } = await passkeyLoginOptions(config);
        requestCookie(req, CHALLENGE_BINDING_COOKIE, config).set(res, bindingSecret);
        res.set('Cache-Control', 'no-store').json(options);
      },
    }),
    defineRoute({
      method: 'post',
      path: `${LOGIN_PATH}/verify`,
      summary: 'Sign in with the passkey assertion the browser produced (no email, no second step)',
      before: [limiters.authPerIp, parseCookies],
      body: PasskeyLoginBody,
      success: { status: 200, description: 'Signed in; the challenge is now spent', schema: SignedIn },
      errors: ['VALIDATION_FAILED', 'INVALID_PASSKEY', 'INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        const binding = requestCookie(req, CHALLENGE_BINDING_COOKIE, config);
        const signedIn = await signInWithPasskey(
          req.body.response as AuthenticationResponseJSON,
          sentString(binding),
          clientInfo(req),
          config,
        );
        binding.clear(res);
        sendTokens(res, 200, signedIn, requestedCookie(req, refreshPolicy));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/passkeys/reauthenticate/options',
      summary: "Options for navigator.credentials.get() to re-authenticate: only the caller's passkeys, a challenge of theirs",
      auth: true,
      before: [limiters.authPerIp],
      success: {
        status: 200,
        description: 'PublicKeyCredentialRequestOptionsJSON with allowCredentials; its challenge is single use, 5 minutes',
        schema: PasskeyRequestOptions,
      },
      errors: ['UNAUTHORIZED', 'NOT_FOUND', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => res.json(await passkeyReauthenticationOptions(principal(req).user._id, config)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/passkeys/reauthenticate/verify',
      summary: 'Re-authenticate with one of your passkeys: new tokens for this session with a fresh auth_time',
      auth: true,
      before: [limiters.authPerIp],
      body: PasskeyLoginBody,
      success: {
        status: 200,
        description: "New tokens of the same session (`sid`); the session's earlier refresh tokens are spent",
        schema: TokenResponse,
      },
      errors: ['VALIDATION_FAILED', 'UNAUTHORIZED', 'INVALID_PASSKEY', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        const tokens = await reauthenticateWithPasskey(
          principal(req),
          req.body.response as AuthenticationResponseJSON,
          clientInfo(req),
          config,
        );
        sendTokens(res, 200, tokens, requestedCookie(req, refreshPolicy));
      },
    }),
  ];
}
