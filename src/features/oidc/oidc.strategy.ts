import type { Request } from 'express';
import * as client from 'openid-client';
import { Strategy } from 'passport-strategy';
import type { OidcConfig } from '../../config/providers.config.js';
import { AppError } from '../../errors/app-error.js';
import type { CookiePolicy } from '../../http/cookies.js';
import { beginAuthorization, finishAuthorization, type PendingAuthorization } from '../../sign-in/authorization-cookie.js';
import { identityFromClaims } from '../../sign-in/external-sign-in.service.js';
import type { SignIn, StrategyKit } from '../../sign-in/provider-feature.js';

const DISCOVERY_TIMEOUT_SECONDS = 5;

/** openid-client's answers to a refused or malformed response (a bad ID token, a refused code, an error at the callback). */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof client.ClientError ||
    error instanceof client.ResponseBodyError ||
    error instanceof client.AuthorizationResponseError ||
    error instanceof client.WWWAuthenticateChallengeError
  );
}

/**
 * The provider's metadata from `<issuer>/.well-known/openid-configuration`, fetched on first use and kept
 * (its `issuer` must equal OIDC_ISSUER: openid-client checks). A failure is not kept: the next sign-in
 * asks again. Plain-HTTP issuers are allowed only because production refuses them (src/config/config.ts).
 */
function discoverer(oidc: OidcConfig): () => Promise<client.Configuration> {
  let discovered: Promise<client.Configuration> | undefined;
  const insecure = new URL(oidc.issuer).protocol === 'http:';
  const discover = async () => {
    const configuration = await client.discovery(
      new URL(oidc.issuer),
      oidc.clientId,
      undefined,
      client.ClientSecretBasic(oidc.clientSecret),
      {
        timeout: DISCOVERY_TIMEOUT_SECONDS,
        ...(insecure && { execute: [client.allowInsecureRequests] }),
      },
    );
    // openid-client trusts an ID token from the token endpoint on TLS alone; the contract checks its signature too.
    client.enableNonRepudiationChecks(configuration);
    return configuration;
  };
  return () => {
    discovered ??= discover().catch((error: unknown) => {
      discovered = undefined;
      throw new AppError('SERVICE_UNAVAILABLE', 'The OpenID provider could not be reached; try again shortly.', { cause: error });
    });
    return discovered;
  };
}

/**
 * The claims as the shared mapping reads them. Microsoft Entra ID sends no `email_verified`; when the app
 * registration adds its optional claim `xms_edov` (the tenant owns the address's domain), that stands in
 * for it. Never the bare `email`: Entra lets it be set unverified, the "nOAuth" takeover (AUTH-SETUP.md).
 */
function withEntraVerification(claims: Record<string, unknown>): Record<string, unknown> {
  return claims.email_verified === undefined && claims.xms_edov === true ? { ...claims, email_verified: true } : claims;
}

/**
 * Any OpenID Connect provider, through openid-client: authorization code with PKCE (S256), `state` and
 * `nonce` kept in this browser's signed cookie; the ID token's signature, `iss`, `aud`, `exp` and
 * `nonce` checked by openid-client; the identity mapped from its claims (and from userinfo, with the
 * access token in the Authorization header, when the ID token carries no email).
 */
class OidcStrategy extends Strategy {
  name = 'oidc';

  constructor(
    private readonly oidc: OidcConfig,
    private readonly policy: CookiePolicy,
    private readonly signIn: SignIn,
    private readonly configuration: () => Promise<client.Configuration>,
  ) {
    super();
  }

  override authenticate(req: Request, options?: { prompt?: string }): void {
    const isCallback = typeof req.query.code === 'string' || typeof req.query.error === 'string';
    (isCallback ? this.finish(req) : this.start(req, options?.prompt)).catch((error: unknown) => this.error(error as Error));
  }

  private async start(req: Request, prompt: string | undefined): Promise<void> {
    const configuration = await this.configuration();
    if (!req.res) throw new TypeError('the OpenID Connect strategy needs an Express request');
    const verifier = client.randomPKCECodeVerifier();
    const { state, nonce } = beginAuthorization(req, req.res, this.policy, 'oidc', verifier);
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.oidc.callbackUrl,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(prompt && { prompt }),
    });
    this.redirect(url.href);
  }

  private async finish(req: Request): Promise<void> {
    const pending = finishAuthorization(req, this.policy, 'oidc', req.query.state);
    const configuration = await this.configuration();
    // The configured callback URL (the one registered at the provider) with the query the provider sent.
    const current = new URL(this.oidc.callbackUrl);
    current.search = new URL(req.originalUrl, current).search;
    const claims = await this.verifiedClaims(configuration, current, pending).catch((error: unknown) => {
      // The cause stays out of the response: it may quote the provider.
      throw isRefusal(error) ? new AppError('OAUTH_DENIED', 'The provider did not complete the sign-in.', { cause: error }) : error;
    });
    this.success(await this.signIn(identityFromClaims('oidc', withEntraVerification(claims))));
  }

  /** The code traded for tokens; the ID token's claims once openid-client has checked them, with userinfo's when it has no email. */
  private async verifiedClaims(
    configuration: client.Configuration,
    current: URL,
    pending: PendingAuthorization,
  ): Promise<Record<string, unknown>> {
    const tokens = await client.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new AppError('OAUTH_DENIED', 'The provider sent no ID token.');
    if (claims.email !== undefined) return claims;
    return { ...(await client.fetchUserInfo(configuration, tokens.access_token, claims.sub)), ...claims };
  }
}

export function createOidcStrategy({ settings, config, signIn }: StrategyKit<OidcConfig>): Strategy {
  return new OidcStrategy(settings, config, signIn, discoverer(settings));
}
