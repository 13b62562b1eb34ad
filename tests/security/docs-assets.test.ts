import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { buildApp } from '../helpers/app.js';

describe('security: /docs/assets exposes the whole swagger-ui-dist package (information disclosure, a page loading a remote document)', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  it('when a file the docs page does not load is asked for, then it answers 404', async () => {
    for (const file of [
      'package.json',
      'README.md',
      'index.html',
      'swagger-initializer.js',
      'swagger-ui-bundle.js.map',
      'swagger-ui.js',
      'oauth2-redirect.html',
    ]) {
      const res = await request(app).get(`/docs/assets/${file}`);
      assert.equal(res.status, 404, file);
      assert.equal(res.body.code, 'NOT_FOUND');
    }
  });

  it('when the docs page loads its stylesheet, script and icon, then they are served', async () => {
    for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']) {
      assert.equal((await request(app).get(`/docs/assets/${file}`)).status, 200, file);
    }
  });
});

describe("security: /vendor serves the demo page's browser modules and nothing else of their packages", () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  it('when a module the demo page imports is asked for, then it is served as JavaScript', async () => {
    for (const file of ['/vendor/simplewebauthn/index.js', '/vendor/qrcode/qrcode.mjs']) {
      const res = await request(app).get(file);
      assert.equal(res.status, 200, file);
      assert.match(res.headers['content-type'] ?? '', /^text\/javascript/);
    }
  });

  it('when another file of those packages is asked for, then it answers 404', async () => {
    for (const file of [
      '/vendor/simplewebauthn/package.json',
      '/vendor/simplewebauthn/index.d.ts',
      '/vendor/simplewebauthn/index.d.ts.map',
      '/vendor/qrcode/qrcode.d.ts',
      '/vendor/qrcode/../package.json',
      '/vendor/qrcode/%2e%2e/README.md',
    ]) {
      const res = await request(app).get(file);
      assert.equal(res.status, 404, file);
      assert.equal(res.body.code, 'NOT_FOUND');
    }
  });
});
