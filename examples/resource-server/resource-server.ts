// A second service that accepts express-auth-starter's access tokens with no secret of its own: it
// knows only the JWKS URL, the issuer and the audience (docs/jwt-oauth-flow.md, "Tokens other
// services can verify"). It reads with jose's remote key set, and asks POST /oauth/introspect before
// the one action that must not happen after a sign-out. Tested by tests/integration/resource-server.test.ts.
import express, { type NextFunction, type Request, type Response } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface ResourceServerOptions {
  /** The auth server's GET /.well-known/jwks.json. */
  readonly jwksUrl: URL;
  readonly issuer: string;
  /** This service's own name, which must be in the token's `aud`. */
  readonly audience: string;
  // feature:introspection
  /** POST /oauth/introspect with this service's INTROSPECTION_CLIENTS id and secret. */
  readonly introspection: { readonly url: URL; readonly clientId: string; readonly clientSecret: string };
  // /feature:introspection
  /**
   * How long a fetched key set is trusted, and how soon an unknown `kid` may fetch it again: jose's
   * defaults are 10 minutes and 30 s; the auth server says `max-age=300`. Tests shorten both.
   */
  readonly cacheMaxAgeMs?: number;
  readonly cooldownMs?: number;
}

type Authenticated = Response<unknown, { token: string; claims: JWTPayload }>;

function refuse(res: Response, error: string): void {
  res.status(401).set('WWW-Authenticate', `Bearer error="${error}"`).json({ error });
}

export function createResourceServer(options: ResourceServerOptions): express.Express {
  const keys = createRemoteJWKSet(options.jwksUrl, {
    cacheMaxAge: options.cacheMaxAgeMs ?? 300_000,
    cooldownDuration: options.cooldownMs ?? 30_000,
  });

  // RFC 9068 §4: the signature by a key of the set, `alg` that key's, `typ` at+jwt, `iss`, `aud`, `exp`.
  async function requireToken(req: Request, res: Response, next: NextFunction): Promise<void> {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return refuse(res, 'invalid_token');
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        algorithms: ['ES256'],
      });
      res.locals = { token, claims: payload };
      next();
    } catch {
      refuse(res, 'invalid_token');
    }
  }

  // feature:introspection
  // The signature cannot say that the session ended a minute ago: the auth server can.
  async function requireLiveSession(_req: Request, res: Authenticated, next: NextFunction): Promise<void> {
    const { url, clientId, clientSecret } = options.introspection;
    const answer = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ token: res.locals.token }),
    });
    const { active } = (await answer.json()) as { active?: boolean };
    if (answer.ok && active === true) return next();
    refuse(res, 'invalid_token');
  }
  // /feature:introspection

  const app = express();
  // Reading: the token alone is enough (no call to the auth server, while the JWKS is cached).
  app.get('/orders', requireToken, (_req, res: Authenticated) => {
    res.json({ user: res.locals.claims.sub, orders: [] });
  });
  // feature:introspection
  // Paying: only while the session is still live.
  app.post('/orders/:id/pay', requireToken, requireLiveSession, (req, res: Authenticated) => {
    res.json({ user: res.locals.claims.sub, paid: req.params.id });
  });
  // /feature:introspection
  return app;
}
