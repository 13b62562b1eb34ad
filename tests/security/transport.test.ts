import assert from 'node:assert/strict';
import request from 'supertest';
import { UserModel } from '../../src/models/user.model.js';
import { buildApp } from '../helpers/app.js';

// Production needs a database URL to start; createApp never connects, so the test database is not touched by it.
const PRODUCTION = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:27017/unused', TRUST_PROXY: '1', LOG_LEVEL: 'silent' };
const APP_ORIGIN = 'https://app.example.com';

describe('security: transport (HTTPS, HSTS, CORS)', () => {
  describe('in production behind one proxy', () => {
    const app = buildApp(PRODUCTION);

    it('when a GET arrives over plain HTTP, then it answers 308 to the same URL over HTTPS', async () => {
      const res = await request(app).get('/auth/me?x=1').set('Host', 'api.example.com').set('X-Forwarded-Proto', 'http');
      assert.equal(res.status, 308);
      assert.equal(res.headers.location, 'https://api.example.com/auth/me?x=1');
    });

    it('when a POST arrives over plain HTTP, then it answers 400 HTTPS_REQUIRED and does nothing', async () => {
      const res = await request(app)
        .post('/auth/register')
        .set('X-Forwarded-Proto', 'http')
        .send({ email: 'clear@example.com', password: 'a long enough passphrase' });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'HTTPS_REQUIRED');
      assert.equal(await UserModel.countDocuments(), 0);
    });

    it('when the Host header is not a host name, then a plain-HTTP GET is refused rather than redirected there', async () => {
      const res = await request(app).get('/auth/me').set('Host', 'evil.example/@x').set('X-Forwarded-Proto', 'http');
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'HTTPS_REQUIRED');
    });

    it('when a request arrives over HTTPS, then it is served and carries HSTS and upgrade-insecure-requests', async () => {
      const res = await request(app).get('/auth/me').set('X-Forwarded-Proto', 'https');
      assert.equal(res.status, 401);
      assert.match(res.headers['strict-transport-security'] ?? '', /max-age=\d+/);
      assert.match(res.headers['content-security-policy'] ?? '', /upgrade-insecure-requests/);
    });

    it('when a platform probe calls /health over plain HTTP, then it is answered (no secret travels)', async () => {
      await request(app).get('/health').set('X-Forwarded-Proto', 'http').expect(200);
    });
  });

  it('when production runs without a trusted proxy, then a spoofed X-Forwarded-Proto changes nothing', async () => {
    const app = buildApp({ ...PRODUCTION, TRUST_PROXY: '0' });
    const res = await request(app).get('/auth/me').set('X-Forwarded-Proto', 'http');
    assert.equal(res.status, 401);
  });

  it('when not in production, then there is neither redirect nor HSTS, and helmet headers are set', async () => {
    const res = await request(buildApp({ TRUST_PROXY: '1' }))
      .get('/auth/me')
      .set('X-Forwarded-Proto', 'http');
    assert.equal(res.status, 401);
    assert.equal(res.headers['strict-transport-security'], undefined);
    // A development server on http://192.168.x.y must not have its scripts upgraded to an HTTPS it does not serve.
    assert.doesNotMatch(res.headers['content-security-policy'] ?? '', /upgrade-insecure-requests/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  describe('CORS', () => {
    const app = buildApp({ CORS_ORIGINS: `${APP_ORIGIN}/, https://admin.example.com` });

    it('when the origin is on the allow-list, then it is allowed by name, with credentials (the Google code cookie, the refresh-token cookie)', async () => {
      const res = await request(app)
        .post('/auth/login')
        .set('Origin', APP_ORIGIN)
        .send({ email: 'a@example.com', password: 'whatever pass' });
      assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN);
      assert.equal(res.headers['access-control-allow-credentials'], 'true');
      assert.match(res.headers['access-control-expose-headers'] ?? '', /Retry-After/);
    });

    it('when an allowed origin sends a preflight, then it answers 204 with the allowed method and headers', async () => {
      const res = await request(app)
        .options('/auth/me')
        .set('Origin', APP_ORIGIN)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization');
      assert.equal(res.status, 204);
      assert.equal(res.headers['access-control-allow-origin'], APP_ORIGIN);
      assert.match(res.headers['access-control-allow-headers'] ?? '', /Authorization/);
    });

    it('when an allowed origin preflights a PATCH (profile, admin), then PATCH is allowed, as is every other method the API serves', async () => {
      const res = await request(app)
        .options('/auth/me')
        .set('Origin', APP_ORIGIN)
        .set('Access-Control-Request-Method', 'PATCH')
        .set('Access-Control-Request-Headers', 'authorization, content-type');
      assert.equal(res.status, 204);
      const allowed = (res.headers['access-control-allow-methods'] ?? '').split(',').sort();
      assert.deepEqual(allowed, ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST']);
    });

    it('when the origin is unknown, then no CORS header is sent (no wildcard, no reflection)', async () => {
      for (const origin of ['https://evil.example', 'null', 'https://app.example.com.evil.example', 'http://app.example.com']) {
        const res = await request(app).get('/auth/me').set('Origin', origin);
        assert.equal(res.headers['access-control-allow-origin'], undefined, origin);
        assert.equal(res.headers['access-control-allow-credentials'], undefined, origin);
        const preflight = await request(app).options('/auth/login').set('Origin', origin).set('Access-Control-Request-Method', 'POST');
        assert.equal(preflight.headers['access-control-allow-origin'], undefined, origin);
      }
    });

    it('when CORS_ORIGINS is empty, then no CORS header is ever sent', async () => {
      const res = await request(buildApp()).get('/health').set('Origin', APP_ORIGIN);
      assert.equal(res.headers['access-control-allow-origin'], undefined);
    });

    it('when CORS_ORIGINS holds a wildcard, then the configuration is refused', () => {
      assert.throws(() => buildApp({ CORS_ORIGINS: '*' }), /CORS_ORIGINS/);
    });
  });
});
