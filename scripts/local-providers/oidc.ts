// feature-file:oidc (the OpenID Provider the OIDC sign-in is tried and tested against; feature:remove deletes it with oidc)
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type AdapterFactory, type AdapterPayload, type KoaContextWithOIDC } from 'oidc-provider';

/** Who the provider signs in: the claims of its ID token and userinfo. */
export interface OidcAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  /** Microsoft Entra ID's optional claim in place of email_verified: the tenant owns the address's domain. */
  xms_edov?: boolean;
  name?: string;
}

export interface LocalOidcProvider {
  readonly issuer: string;
  readonly client: { readonly id: string; readonly secret: string };
  /** The account the next authorization signs in (every request is approved at once: no login page). */
  signInAs(account: OidcAccount): void;
  /** Rewrites the token endpoint's next answer (a test's way to send a tampered ID token). */
  onceTokenResponse(edit: (body: Record<string, unknown>) => Promise<void>): void;
  /** The provider's signing key, as a private JWK (a test signs its own ID tokens with it). */
  readonly signingKey: Record<string, unknown>;
  stop(): Promise<void>;
}

/** The provider's state in this process's memory: it lives as long as the provider (no expiry sweep needed). */
function memoryAdapter(): AdapterFactory {
  const stored = new Map<string, AdapterPayload>();
  return (model) => {
    const key = (id: string) => `${model}:${id}`;
    const findBy = (match: (payload: AdapterPayload) => boolean) =>
      [...stored].find(([name, payload]) => name.startsWith(`${model}:`) && match(payload))?.[1];
    // The adapter interface is asynchronous; a Map answers at once.
    const done = <T>(value?: T) => Promise.resolve(value);
    return {
      upsert: (id, payload) => done(void stored.set(key(id), payload)),
      find: (id) => done(stored.get(key(id))),
      findByUid: (uid) => done(findBy((payload) => payload.uid === uid)),
      findByUserCode: (userCode) => done(findBy((payload) => payload.userCode === userCode)),
      consume: (id) => {
        const payload = stored.get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
        return done();
      },
      destroy: (id) => done(void stored.delete(key(id))),
      revokeByGrantId: (grantId) => {
        for (const [name, payload] of stored) if (payload.grantId === grantId) stored.delete(name);
        return done();
      },
    };
  };
}

/**
 * A real OpenID Provider (the certified `oidc-provider`) on 127.0.0.1 with one confidential client:
 * discovery, PKCE (required), state, nonce, RS256 ID tokens. The login and consent steps are approved
 * at once for the account of signInAs, so a browser, or a test following redirects, lands back on the app.
 * For development and tests only.
 */
export async function startLocalOidcProvider({
  port = 0,
  callbackUrl,
}: {
  port?: number;
  callbackUrl: string;
}): Promise<LocalOidcProvider> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'local-oidc-key', alg: 'RS256', use: 'sig' };
  const client = { id: 'local-oidc-client', secret: 'local-oidc-client-secret-0f3a9c' };
  let account: OidcAccount = { sub: 'local-oidc-user', email: 'oidc-dev@example.com', email_verified: true, name: 'OIDC Dev User' };
  let tokenEdit: ((body: Record<string, unknown>) => Promise<void>) | undefined;

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [callbackUrl],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    adapter: memoryAdapter(),
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    jwks: { keys: [signingKey] },
    cookies: { keys: ['local-oidc-provider-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
    // Scope claims in the ID token too, as most providers put them (the app reads them there first).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ ...account, sub }) }),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Consent is implied for this one client: a grant of what it asked for.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    const edit = tokenEdit;
    if (ctx.path === '/token' && edit && ctx.status === 200) {
      tokenEdit = undefined;
      await edit(ctx.body as Record<string, unknown>);
    }
  });
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res) => {
    // The login step: signed in as the current account at once (a real provider shows its login page here).
    if (req.url?.startsWith('/interaction/')) {
      void provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    void callback(req, res);
  });

  return {
    issuer,
    client,
    signingKey,
    signInAs: (next) => {
      account = next;
    },
    onceTokenResponse: (edit) => {
      tokenEdit = edit;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
