import type { VerifyCallback } from 'passport-oauth2';
import { Strategy as GoogleStrategy, type Profile } from 'passport-google-oauth20';
import type { GoogleConfig } from '../../config/google.config.js';
import { AppError } from '../../errors/app-error.js';
import type { UserRecord } from '../../models/user.model.js';
import { GoogleUserInfo } from './oauth.schemas.js';
import type { ExternalIdentity } from '../../services/external-sign-in.service.js';
import type { CookieStateStore } from './oauth-state-store.js';

/** Narrows Google's userinfo JSON (untrusted) to an identity; undefined without a subject or an email. */
export function toGoogleIdentity(userinfo: unknown): ExternalIdentity | undefined {
  const parsed = GoogleUserInfo.safeParse(userinfo);
  if (!parsed.success) return undefined;
  const { sub, email, email_verified: verified, name } = parsed.data;
  return { provider: 'google', subject: sub, email, emailVerified: verified === true, name };
}

/**
 * The Google strategy: authorization code flow with `state` and PKCE (S256) kept by `store`, the
 * profile read from the userinfo endpoint, and the account found, linked or created by `signIn` (the
 * composition hands in signInWithExternalIdentity). Its verify callback fails with OAUTH_DENIED (no
 * subject or email, unverified email).
 */
export function createGoogleStrategy(
  google: GoogleConfig,
  store: CookieStateStore,
  signIn: (identity: ExternalIdentity) => Promise<UserRecord>,
): GoogleStrategy {
  return new GoogleStrategy(
    {
      clientID: google.clientId,
      clientSecret: google.clientSecret,
      callbackURL: google.callbackUrl,
      authorizationURL: google.authorizationUrl,
      tokenURL: google.tokenUrl,
      userProfileURL: google.userInfoUrl,
      scope: ['openid', 'email', 'profile'],
      state: true,
      pkce: true,
      // passport-oauth2 picks the PKCE calls of the store by their arity (5 and 3).
      store,
    },
    (_accessToken: string, _refreshToken: string, profile: Profile, verified: VerifyCallback) => {
      // Passport hands this user to the callback route as is: a UserRecord, not the Bearer routes' principal.
      const done = verified as (error: unknown, user?: UserRecord) => void;
      const identity = toGoogleIdentity(profile._json);
      if (!identity) return done(new AppError('OAUTH_DENIED', 'The provider did not share a subject and an email address.'));
      signIn(identity).then((user) => done(null, user), done);
    },
  );
}
