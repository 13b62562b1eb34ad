import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { SignJWT } from 'jose';
import request from 'supertest';
import { startLocalOidcProvider, type LocalOidcProvider } from '../../../scripts/local-providers/oidc.js';
import { RefreshTokenModel } from '../../../src/models/refresh-token.model.js';
import { buildApp } from '../../helpers/app.js';
import { describeProviderContract, person } from '../../helpers/provider-contract.js';
import { beginSignIn, finishSignIn, followRedirects, type PendingSignIn } from '../../helpers/sign-in-flow.js';

const CALLBACK_URL = 'http://127.0.0.1/auth/oidc/callback';

function envFor(provider: LocalOidcProvider, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.client.id,
    OIDC_CLIENT_SECRET: provider.client.secret,
    OIDC_CALLBACK_URL: CALLBACK_URL,
    ...extra,
  };
}

describeProviderContract('oidc', 'oidcId', async () => {
  const provider = await startLocalOidcProvider({ callbackUrl: CALLBACK_URL });
  return {
    env: envFor(provider),
    follow: followRedirects(),
    signInAs: (who) => provider.signInAs({ sub: who.subject, email: who.email, email_verified: who.verified, name: who.name }),
    subjectOf: (who) => who.subject,
    stop: () => provider.stop(),
  };
});

describe('OpenID Connect sign-in', () => {
  let provider: LocalOidcProvider;
  let app: RequestListener;
  const follow = followRedirects();
  before(async () => {
    provider = await startLocalOidcProvider({ callbackUrl: CALLBACK_URL });
    app = buildApp(envFor(provider));
  });
  after(() => provider.stop());

  beforeEach(() => {
    const who = person();
    provider.signInAs({ sub: who.subject, email: who.email, email_verified: true, name: who.name });
  });

  /** The provider's token answer with its ID token replaced by one we sign with `claims` changed. */
  function withIdToken(
    edit: (claims: Record<string, unknown>) => Record<string, unknown>,
    key = createPrivateKey({ key: provider.signingKey, format: 'jwk' }),
  ) {
    provider.onceTokenResponse(async (body) => {
      const [, payload = ''] = String(body.id_token).split('.');
      const claims = edit(JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>);
      body.id_token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: String(provider.signingKey.kid) }).sign(key);
    });
  }

  /** The callback of `pending`, which must sign nobody in. */
  async function refused(pending: PendingSignIn): Promise<request.Response> {
    const res = await finishSignIn(app, pending);
    assert.ok(res.status === 400 || res.status === 401, `${res.status} ${res.text}`);
    assert.equal(res.body.access_token, undefined);
    assert.equal(await RefreshTokenModel.countDocuments({}), 0);
    return res;
  }

  it('when the sign-in starts, then the provider is asked with state, nonce and an S256 PKCE challenge for the openid email profile scope', async () => {
    const { authorizeUrl } = await beginSignIn(app, 'oidc', follow);
    const asked = authorizeUrl.searchParams;
    assert.equal(authorizeUrl.origin, provider.issuer);
    assert.equal(asked.get('scope'), 'openid email profile');
    assert.equal(asked.get('code_challenge_method'), 'S256');
    assert.equal(asked.get('redirect_uri'), CALLBACK_URL);
    for (const name of ['state', 'nonce', 'code_challenge']) assert.ok((asked.get(name) ?? '').length >= 32, name);
    assert.notEqual(asked.get('state'), asked.get('nonce'));
  });

  it("when the ID token's nonce is not this browser's, then the callback signs nobody in", async () => {
    // An ID token minted for another authorization request (its nonce), with this browser's state and PKCE.
    const start = await request(app).get('/auth/oidc');
    const authorizeUrl = new URL(start.headers.location as string);
    authorizeUrl.searchParams.set('nonce', 'someone-elses-nonce-0123456789abcdef');
    const back = await follow(authorizeUrl);
    const cookie = String(start.headers['set-cookie']).split(';')[0] ?? '';
    const res = await refused({ cookie, authorizeUrl, callbackPath: `${back.pathname}${back.search}` });
    assert.equal(res.body.code, 'OAUTH_DENIED');
  });

  it("when the ID token is re-signed with the provider's key and nothing changed, then it is accepted (the tests below change one thing)", async () => {
    withIdToken((claims) => claims);
    const res = await finishSignIn(app, await beginSignIn(app, 'oidc', follow));
    assert.equal(res.status, 200, res.text);
  });

  for (const [what, edit] of [
    ['another audience', (claims: Record<string, unknown>) => ({ ...claims, aud: 'another-client' })],
    ['another issuer', (claims: Record<string, unknown>) => ({ ...claims, iss: 'https://evil.example' })],
    [
      'an expired one',
      (claims: Record<string, unknown>) => ({
        ...claims,
        exp: Math.floor(Date.now() / 1000) - 600,
        iat: Math.floor(Date.now() / 1000) - 1200,
      }),
    ],
  ] as const) {
    it(`when the ID token is ${what}, then the callback answers 401 OAUTH_DENIED`, async () => {
      withIdToken(edit);
      const res = await refused(await beginSignIn(app, 'oidc', follow));
      assert.equal(res.body.code, 'OAUTH_DENIED');
    });
  }

  it("when the ID token is signed by a key not in the provider's JWKS, then the callback answers 401 OAUTH_DENIED", async () => {
    withIdToken((claims) => claims, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const res = await refused(await beginSignIn(app, 'oidc', follow));
    assert.equal(res.body.code, 'OAUTH_DENIED');
  });

  it('when an Entra ID token has no email_verified but xms_edov true, then the address counts as verified; false or absent, it does not', async () => {
    const who = person();
    provider.signInAs({ sub: who.subject, email: who.email, xms_edov: true, name: who.name });
    const verified = await finishSignIn(app, await beginSignIn(app, 'oidc', follow));
    assert.equal(verified.status, 200, verified.text);
    for (const xms_edov of [false, undefined]) {
      const other = person();
      provider.signInAs({ sub: other.subject, email: other.email, ...(xms_edov !== undefined && { xms_edov }), name: other.name });
      const res = await finishSignIn(app, await beginSignIn(app, 'oidc', follow));
      assert.equal(res.status, 403, String(xms_edov));
      assert.equal(res.body.code, 'EMAIL_NOT_VERIFIED');
    }
  });

  it('when the provider cannot be reached for discovery, then the start answers 503 SERVICE_UNAVAILABLE', async () => {
    const down = buildApp(envFor(provider, { OIDC_ISSUER: 'http://127.0.0.1:9' }));
    const res = await request(down).get('/auth/oidc');
    assert.equal(res.status, 503, res.text);
    assert.equal(res.body.code, 'SERVICE_UNAVAILABLE');
  });
});
