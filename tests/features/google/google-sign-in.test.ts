import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { buildApp } from '../../helpers/app.js';
import { oneTimeCode, startTestProvider, type TestProvider } from '../../helpers/oauth-provider.js';

const SPA_ORIGIN = 'https://spa.example.com';
const ATTACKER = { sub: 'google-sub-mallory', email: 'mallory@example.com', email_verified: true, name: 'Mallory' };
const VICTIM = { sub: 'google-sub-victor', email: 'victor@example.com', email_verified: true, name: 'Victor' };

describe('security: login CSRF through the one-time code of a Google sign-in', () => {
  let provider: TestProvider;
  let app: RequestListener;
  before(async () => {
    provider = await startTestProvider();
    app = buildApp(provider.env({ OAUTH_SUCCESS_REDIRECT: `${SPA_ORIGIN}/signed-in`, CORS_ORIGINS: SPA_ORIGIN }));
  });
  after(() => provider.stop());

  /** Finishes a Google sign-in as `who` in a fresh browser: the code from the redirect, and that browser's code cookie. */
  function signIn(who: typeof ATTACKER): Promise<{ code: string; cookie: string }> {
    provider.signInAs(who);
    return oneTimeCode(app);
  }

  const exchange = (code: string, cookie?: string) => {
    const pending = request(app).post('/auth/oauth/exchange').set('Origin', SPA_ORIGIN);
    return (cookie ? pending.set('Cookie', cookie) : pending).send({ code });
  };

  it("when the attacker's own code is traded in the victim's browser, then it answers 400 and signs nobody in", async () => {
    const attackers = await signIn(ATTACKER);
    const victims = await signIn(VICTIM);
    for (const res of [await exchange(attackers.code), await exchange(attackers.code, victims.cookie)]) {
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.code, 'INVALID_OAUTH_CODE');
      assert.equal(res.body.access_token, undefined);
    }
    // Refused tries do not spend it: the code still works in the browser the sign-in finished in.
    const own = await exchange(attackers.code, attackers.cookie);
    assert.equal(own.status, 200);
    assert.equal(own.body.user.email, ATTACKER.email);
  });

  it('when the SPA on an allowed origin trades its code with credentials, then CORS lets it and the cookie is cleared', async () => {
    const { code, cookie } = await signIn(VICTIM);
    const preflight = await request(app)
      .options('/auth/oauth/exchange')
      .set('Origin', SPA_ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    assert.equal(preflight.headers['access-control-allow-origin'], SPA_ORIGIN);
    assert.equal(preflight.headers['access-control-allow-credentials'], 'true');
    const res = await exchange(code, cookie);
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], SPA_ORIGIN);
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
    assert.match(String(res.headers['set-cookie']), /oauth_code=;.*Path=\/auth\/oauth\/exchange/);
  });
});
