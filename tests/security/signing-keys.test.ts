import assert from 'node:assert/strict';
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { RequestListener } from 'node:http';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { loadConfig } from '../../src/config/config.js';
import { buildApp, TEST_JWT_SECRET } from '../helpers/app.js';
import { loginAccount, registerAccount, type Account } from '../helpers/factories.js';
import { deployedKeys, newSigningKey } from '../helpers/signing-keys.js';
import { forgeAccessToken, sessionIdOf } from '../helpers/tokens.js';

const ISSUER = 'express-auth-starter';

const joseHeader = (token: string) => JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as Record<string, unknown>;
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

async function me(app: RequestListener, token: string): Promise<number> {
  return (await request(app).get('/auth/me').set('Authorization', `Bearer ${token}`)).status;
}

describe('security: asymmetric signing keys (JWT_SIGNING_KEYS, contract §5)', () => {
  const a = newSigningKey('key-a');
  const b = newSigningKey('key-b');
  const app = buildApp(deployedKeys(a));
  let account: Account;
  beforeEach(async () => {
    account = await registerAccount(app);
  });

  it("when keys are set, then access tokens are ES256 with the first key's kid and a client_id, and the API accepts them", async () => {
    assert.deepEqual(joseHeader(account.access_token), { alg: 'ES256', typ: 'at+jwt', kid: 'key-a' });
    assert.equal(claims(account.access_token).client_id, ISSUER, 'client_id defaults to the issuer');
    assert.equal(await me(app, account.access_token), 200);
    const named = await registerAccount(buildApp({ ...deployedKeys(a), JWT_CLIENT_ID: 'web-app' }));
    assert.equal(claims(named.access_token).client_id, 'web-app');
  });

  it('when another service fetches the JWKS, then it gets public members only, cacheable, and they verify our tokens with no secret', async () => {
    const twoKeys = buildApp(deployedKeys(b, a));
    const res = await request(twoKeys).get('/.well-known/jwks.json').expect(200);
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    const keys = res.body.keys as Record<string, unknown>[];
    assert.deepEqual(
      keys.map((key) => Object.keys(key).sort()),
      [
        ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y'],
        ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y'],
      ],
      'never the private "d"',
    );
    assert.deepEqual(
      keys.map((key) => key.kid),
      ['key-b', 'key-a'],
    );
    const published = createPublicKey({ key: keys[1] as JsonWebKey, format: 'jwk' });
    const verified = jwt.verify(account.access_token, published, { algorithms: ['ES256'], issuer: ISSUER, audience: ISSUER });
    assert.equal((verified as { sub?: string }).sub, account.user.id);
  });

  it('when keys are not set, then the JWKS route is 404 and not in the OpenAPI document; when set, it is there', async () => {
    const hs256 = buildApp();
    await request(hs256).get('/.well-known/jwks.json').expect(404);
    const without = await request(hs256).get('/openapi.json').expect(200);
    assert.ok(!('/.well-known/jwks.json' in without.body.paths));
    const withKeys = await request(app).get('/openapi.json').expect(200);
    assert.ok('/.well-known/jwks.json' in withKeys.body.paths);
  });

  describe('forgeries (RFC 8725)', () => {
    let sub: string;
    let sid: string;
    beforeEach(() => {
      sub = account.user.id;
      sid = sessionIdOf(account.access_token);
    });
    const forged = (header: Record<string, unknown>, secret: string | KeyObject) => forgeAccessToken(sub, { sid, header, secret });

    it('when a token is signed exactly like ours (ES256, key A, kid A), then it is accepted: the baseline the refusals bend', async () => {
      assert.equal(await me(app, forged({ alg: 'ES256', kid: 'key-a' }, a.privateKey)), 200);
    });

    const refusals: [string, () => [Record<string, unknown>, string | KeyObject]][] = [
      ['signed with a key not in the set, under kid A', () => [{ alg: 'ES256', kid: 'key-a' }, newSigningKey('x').privateKey]],
      ['signed with key A but no kid', () => [{ alg: 'ES256' }, a.privateKey]],
      ['signed with key A under an unknown kid', () => [{ alg: 'ES256', kid: 'key-z' }, a.privateKey]],
      ['alg "none" under kid A', () => [{ alg: 'none', kid: 'key-a' }, a.privateKey]],
      ['HS256 with JWT_SECRET while keys are set', () => [{ alg: 'HS256' }, TEST_JWT_SECRET]],
      ['HS256 with JWT_SECRET under kid A', () => [{ alg: 'HS256', kid: 'key-a' }, TEST_JWT_SECRET]],
      [
        "HS256 keyed with key A's public key (PEM) under kid A",
        () => [{ alg: 'HS256', kid: 'key-a' }, createPublicKey(a.privateKey).export({ type: 'spki', format: 'pem' }).toString()],
      ],
      ['a kid that is a path', () => [{ alg: 'ES256', kid: '../../../../../dev/null' }, a.privateKey]],
      ['a kid that is SQL', () => [{ alg: 'ES256', kid: "key-a' OR '1'='1" }, a.privateKey]],
      ['a kid that names a prototype member', () => [{ alg: 'ES256', kid: '__proto__' }, a.privateKey]],
      ['a kid that is not a string', () => [{ alg: 'ES256', kid: ['key-a'] }, a.privateKey]],
    ];
    for (const [what, token] of refusals) {
      it(`when a token is ${what}, then /auth/me answers 401`, async () => {
        const [header, secret] = token();
        assert.equal(await me(app, forged(header, secret)), 401);
      });
    }
  });

  it('when keys rotate as docs/jwt-oauth-flow.md says, then old tokens verify until their key is removed', async () => {
    const tokenA = account.access_token;
    // Deploy [B, A]: B signs, A still verifies.
    const both = buildApp(deployedKeys(b, a));
    assert.equal(await me(both, tokenA), 200, "A's token after B was added");
    const tokenB = (await loginAccount(both, account.email, account.password)).access_token;
    assert.equal(joseHeader(tokenB).kid, 'key-b');
    assert.equal(await me(both, tokenB), 200);
    // Deploy [B]: A is gone, and so are its tokens.
    const onlyB = buildApp(deployedKeys(b));
    assert.equal(await me(onlyB, tokenA), 401, "A's token after A was removed");
    assert.equal(await me(onlyB, tokenB), 200);
  });
});

describe('config: JWT_SIGNING_KEYS refuses to start on a malformed set, in one line', () => {
  const base = { NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET };
  const key = newSigningKey('good');
  const { d: _private, ...publicOnly } = key.jwk;
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{keys: [', /^JWT_SIGNING_KEYS: not JSON/],
    ['an empty set', '{"keys": []}', /^JWT_SIGNING_KEYS: expected \{"keys": \[\.\.\.\]\} with at least one key$/],
    ['a bare key instead of a set', JSON.stringify(key.jwk), /^JWT_SIGNING_KEYS: expected \{"keys"/],
    ['a key without its private part', JSON.stringify({ keys: [publicOnly] }), /^JWT_SIGNING_KEYS: key "good" has no private part/],
    [
      'a duplicate kid',
      JSON.stringify({ keys: [key.jwk, { ...newSigningKey('good').jwk }] }),
      /^JWT_SIGNING_KEYS: the kid "good" is used twice$/,
    ],
    [
      'an EdDSA key',
      JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AA', d: 'AA', kid: 'ed', alg: 'EdDSA' }] }),
      /EdDSA, which jsonwebtoken 9 cannot verify/,
    ],
    ['an HS256 key', JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'hs', alg: 'HS256' }] }), /key "hs" must be an ES256 key/],
    ['a key without a kid', JSON.stringify({ keys: [{ ...key.jwk, kid: undefined }] }), /key 1 needs a "kid"/],
    ['a kid with a slash', JSON.stringify({ keys: [{ ...key.jwk, kid: 'a/b' }] }), /key 1 needs a "kid"/],
    ['a broken private key', JSON.stringify({ keys: [{ ...key.jwk, d: 'AAAA' }] }), /key "good" is not a valid P-256 private key/],
    [
      'a private part of another key',
      JSON.stringify({ keys: [{ ...key.jwk, d: newSigningKey('other').jwk.d }] }),
      /key "good" is not a valid P-256 private key/,
    ],
  ];
  for (const [what, value, message] of cases) {
    it(`when the set is ${what}, then loading the config throws naming JWT_SIGNING_KEYS`, () => {
      assert.throws(
        () => loadConfig({ ...base, JWT_SIGNING_KEYS: value }),
        (error: Error) => {
          assert.match(error.message, message);
          assert.doesNotMatch(error.message, /\n/, 'one line');
          return true;
        },
      );
    });
  }
});
