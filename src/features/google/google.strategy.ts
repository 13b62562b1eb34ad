import type { VerifyCallback } from 'passport-oauth2';
import { Strategy as GoogleStrategy, type Profile } from 'passport-google-oauth20';
import type { GoogleConfig } from '../../config/providers.config.js';
import type { UserRecord } from '../../models/user.model.js';
import { identityFromClaims } from '../../sign-in/external-sign-in.service.js';
import type { StrategyKit } from '../../sign-in/provider-feature.js';

/**
 * The Google strategy: authorization code flow with `state` and PKCE (S256) kept by the kit's store, and
 * the identity mapped from the userinfo endpoint's OpenID Connect claims.
 */
export function createGoogleStrategy({ settings: google, store, signIn }: StrategyKit<GoogleConfig>): GoogleStrategy {
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
      signIn(identityFromClaims('google', profile._json)).then((user) => done(null, user), done);
    },
  );
}
