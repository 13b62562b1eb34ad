import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { RefreshTokenModel } from '../../src/models/refresh-token.model.js';
import { UserModel } from '../../src/models/user.model.js';
import { buildApp } from './app.js';
import { registerAccount, uniqueEmail } from './factories.js';
// feature:mfa
import { enableMfa } from './mfa.js';
// /feature:mfa
import { beginSignIn, finishSignIn, oneTimeCodeWith, signInWith, type FollowProvider } from './sign-in-flow.js';

/** Who signs in at the provider, in the provider's own terms once its test double maps it. */
export interface Person {
  readonly subject: string;
  readonly email: string;
  readonly verified: boolean;
  readonly name: string;
}

/** A provider under test: its test double, started, with the app's environment for it. */
export interface ProviderUnderTest {
  /** The environment that points the app at the double. */
  readonly env: Record<string, string>;
  readonly follow: FollowProvider;
  signInAs(person: Person): void;
  /** The subject the provider gives this person (GitHub's is a number of its own). */
  subjectOf(person: Person): string;
  stop(): Promise<void>;
}

let people = 0;
/** A fresh person with a unique subject and address. */
export function person(overrides: Partial<Person> = {}): Person {
  people += 1;
  return {
    subject: `subject-${people}-${Date.now()}`,
    email: uniqueEmail('provider'),
    verified: true,
    name: `Person ${people}`,
    ...overrides,
  };
}

/**
 * The contract every sign-in provider keeps (§3, §4), through the one shared flow: the whole sign-in,
 * the state and code bindings, the unverified address, linking, claiming and the MFA step. `field` is
 * the user field that holds the provider's subject.
 */
export function describeProviderContract(
  provider: 'google' | 'oidc' | 'github',
  field: 'googleId' | 'oidcId' | 'githubId',
  start: () => Promise<ProviderUnderTest>,
): void {
  describe(`the sign-in contract, through ${provider}`, () => {
    let double: ProviderUnderTest;
    let app: RequestListener;
    let redirecting: RequestListener;
    before(async () => {
      double = await start();
      app = buildApp(double.env);
      redirecting = buildApp({ ...double.env, OAUTH_SUCCESS_REDIRECT: 'https://spa.example.com/signed-in' });
    });
    after(() => double.stop());

    const signIn = (who: Person, on = app) => {
      double.signInAs(who);
      return signInWith(on, provider, double.follow);
    };

    it('when a person signs in, then the code is traded for tokens in the same browser and GET /auth/me names the provider', async () => {
      const who = person();
      double.signInAs(who);
      const { code, cookie } = await oneTimeCodeWith(redirecting, provider, double.follow);
      const exchanged = await request(redirecting).post('/auth/oauth/exchange').set('Cookie', cookie).send({ code });
      assert.equal(exchanged.status, 200, exchanged.text);
      const me = await request(redirecting).get('/auth/me').set('Authorization', `Bearer ${exchanged.body.access_token}`);
      assert.equal(me.status, 200);
      assert.equal(me.body.email, who.email);
      assert.deepEqual(me.body.providers, [provider]);
      assert.equal((await UserModel.findById(me.body.id).lean())?.[field], double.subjectOf(who));
      const replayed = await request(redirecting).post('/auth/oauth/exchange').set('Cookie', cookie).send({ code });
      assert.equal(replayed.status, 400);
      assert.equal(replayed.body.code, 'INVALID_OAUTH_CODE');
    });

    it('when the state is tampered with, or the callback comes to another browser, then 400 OAUTH_STATE_MISMATCH and no session', async () => {
      double.signInAs(person());
      const pending = await beginSignIn(app, provider, double.follow);
      const other = await beginSignIn(app, provider, double.follow);
      const tampered = { ...pending, callbackPath: pending.callbackPath.replace(/state=[^&]+/, 'state=forged') };
      for (const res of [
        await finishSignIn(app, tampered),
        await finishSignIn(app, pending, other.cookie),
        await finishSignIn(app, pending, ''),
      ]) {
        assert.equal(res.status, 400, res.text);
        assert.equal(res.body.code, 'OAUTH_STATE_MISMATCH');
      }
      assert.equal(await RefreshTokenModel.countDocuments({}), 0);
    });

    it("when the provider's authorization code is replayed, then the second callback signs nobody in", async () => {
      double.signInAs(person());
      const pending = await beginSignIn(app, provider, double.follow);
      assert.equal((await finishSignIn(app, pending)).status, 200);
      const replay = await finishSignIn(app, pending);
      assert.ok(replay.status >= 400 && replay.status < 500, `${replay.status} ${replay.text}`);
      assert.equal(replay.body.access_token, undefined);
    });

    it('when the provider has not verified the address, then 403 EMAIL_NOT_VERIFIED and no account is made, claimed or linked', async () => {
      const holder = await registerAccount(app, { email: uniqueEmail('unverified-holder') });
      for (const who of [person({ verified: false }), person({ verified: false, email: holder.email })]) {
        const res = await signIn(who);
        assert.equal(res.status, 403, res.text);
        assert.equal(res.body.code, 'EMAIL_NOT_VERIFIED');
        assert.equal(await UserModel.exists({ [field]: double.subjectOf(who) }), null);
      }
      const login = await request(app).post('/auth/login').send({ email: holder.email, password: holder.password });
      assert.equal(login.status, 200);
    });

    it('when the address belongs to an account that verified it, then the provider is linked and the password still works', async () => {
      const holder = await registerAccount(app, { email: uniqueEmail('verified-holder') });
      await UserModel.updateOne({ _id: holder.user.id }, { $set: { emailVerified: true } });
      const res = await signIn(person({ email: holder.email }));
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.user.id, holder.user.id);
      assert.deepEqual(res.body.user.providers, ['password', provider]);
      const login = await request(app).post('/auth/login').send({ email: holder.email, password: holder.password });
      assert.equal(login.status, 200);
    });

    it('when the address belongs to an account that never verified it, then the provider claims it: the password and its sessions are gone', async () => {
      const squatter = await registerAccount(app, { email: uniqueEmail('squatter'), name: 'Squatter' });
      const owner = person({ email: squatter.email });
      const res = await signIn(owner);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.user.providers, [provider]);
      assert.equal(res.body.user.name, owner.name);
      const login = await request(app).post('/auth/login').send({ email: squatter.email, password: squatter.password });
      assert.equal(login.status, 401);
      const old = await request(app).get('/auth/me').set('Authorization', `Bearer ${squatter.access_token}`);
      assert.equal(old.status, 401);
    });

    // feature:mfa
    it('when the account has two-step sign-in on, then the callback answers 403 MFA_REQUIRED instead of tokens', async () => {
      const holder = await enableMfa(app, await registerAccount(app, { email: uniqueEmail('mfa-holder') }));
      await UserModel.updateOne({ _id: holder.user.id }, { $set: { emailVerified: true } });
      const res = await signIn(person({ email: holder.email }));
      assert.equal(res.status, 403, res.text);
      assert.equal(res.body.code, 'MFA_REQUIRED');
      assert.equal(res.body.access_token, undefined);
    });
    // /feature:mfa
  });
}
