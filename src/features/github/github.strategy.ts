import { Strategy as OAuth2Strategy, type StrategyOptions, type VerifyCallback } from 'passport-oauth2';
import { z } from 'zod';
import type { GitHubConfig } from '../../config/providers.config.js';
import { AppError } from '../../errors/app-error.js';
import type { UserRecord } from '../../models/user.model.js';
import { email } from '../../schemas/auth.schemas.js';
import type { ExternalIdentity } from '../../sign-in/external-sign-in.service.js';
import type { StrategyKit } from '../../sign-in/provider-feature.js';

const API_TIMEOUT_MS = 5_000;

/** What we read of GET /user (untrusted: parsed, not cast). */
const GitHubUser = z.object({
  id: z.number().int().positive(),
  login: z.string(),
  name: z.string().nullish(),
});

/** GET /user/emails: every address of the account, and which one is primary and verified. */
const GitHubEmails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

/**
 * The identity of a GitHub account: the subject is its numeric id (a login can be renamed and reused),
 * the email its *primary* address with GitHub's own verified flag. The profile's `email` field is
 * never read: it is whatever the person chose to show, possibly absent or unverified.
 */
export function toGitHubIdentity(user: unknown, emails: unknown): ExternalIdentity {
  const profile = GitHubUser.safeParse(user);
  const addresses = GitHubEmails.safeParse(emails);
  if (!profile.success || !addresses.success) throw new AppError('OAUTH_DENIED', 'GitHub sent a profile we cannot read.');
  const primary = addresses.data.find((candidate) => candidate.primary);
  const address = email.safeParse(primary?.email);
  if (!primary?.verified || !address.success) {
    throw new AppError('EMAIL_NOT_VERIFIED', 'Your GitHub account has no verified primary email address.');
  }
  const name = (profile.data.name ?? profile.data.login).trim().slice(0, 100) || undefined;
  return { provider: 'github', subject: String(profile.data.id), email: address.data, emailVerified: true, name };
}

/** GET of a GitHub API path, the token in the Authorization header (never in the query string). */
async function getJson(api: string, path: string, accessToken: string): Promise<unknown> {
  const res = await fetch(`${api}${path}`, {
    headers: {
      Authorization: `Bearer ${accessToken}`,
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': '2022-11-28',
      // GitHub refuses API requests without a User-Agent.
      'User-Agent': 'express-auth-starter',
    },
    signal: AbortSignal.timeout(API_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`GitHub answered ${res.status} to GET ${path}`);
  return res.json();
}

/** passport-oauth2 against GitHub, with the profile read from the REST API (GitHub speaks OAuth 2.0, not OpenID Connect). */
class GitHubStrategy extends OAuth2Strategy {
  constructor(
    private readonly github: GitHubConfig,
    options: StrategyOptions,
    verify: (accessToken: string, refreshToken: string, identity: ExternalIdentity, done: VerifyCallback) => void,
  ) {
    super(options, verify);
    this.name = 'github';
  }

  override userProfile(accessToken: string, done: (error: unknown, identity?: ExternalIdentity) => void): void {
    this.identity(accessToken).then((identity) => done(null, identity), done);
  }

  private async identity(accessToken: string): Promise<ExternalIdentity> {
    const { apiUrl } = this.github;
    const answers = await Promise.all([getJson(apiUrl, '/user', accessToken), getJson(apiUrl, '/user/emails', accessToken)]).catch(
      (error: unknown) => {
        throw new AppError('OAUTH_DENIED', 'GitHub did not share the profile.', { cause: error });
      },
    );
    return toGitHubIdentity(...answers);
  }
}

/** The GitHub strategy: authorization code with `state` and PKCE (S256) kept by the kit's store. */
export function createGitHubStrategy({ settings: github, store, signIn }: StrategyKit<GitHubConfig>): OAuth2Strategy {
  return new GitHubStrategy(
    github,
    {
      clientID: github.clientId,
      clientSecret: github.clientSecret,
      callbackURL: github.callbackUrl,
      authorizationURL: `${github.baseUrl}/login/oauth/authorize`,
      tokenURL: `${github.baseUrl}/login/oauth/access_token`,
      // user:email lets GET /user/emails answer; read:user the profile's name.
      scope: ['read:user', 'user:email'],
      state: true,
      pkce: true,
      store,
    },
    (_accessToken, _refreshToken, identity, verified) => {
      const done = verified as (error: unknown, user?: UserRecord) => void;
      signIn(identity).then((user) => done(null, user), done);
    },
  );
}
