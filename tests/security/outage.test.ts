import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import mongoose from 'mongoose';
import request from 'supertest';
import { hashToken } from '../../src/auth/single-use-token.js';
import { connectMongoose } from '../../src/db/database.js';
import { RefreshTokenModel } from '../../src/models/refresh-token.model.js';
import { UserModel } from '../../src/models/user.model.js';
import { buildApp, testConfig } from '../helpers/app.js';
import { registerAccount, type Account } from '../helpers/factories.js';
import { reconnectTestDatabase, testDatabaseTarget } from '../helpers/database.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const CONTRACT_MS = 5000;
const RECOVERY_MS = 15_000;

/** The test server's URI, rerouted through the proxy (direct, so no replica-set discovery bypasses it). */
function throughProxy(port: number): string {
  const { uri, options } = testDatabaseTarget();
  const url = new URL(uri);
  url.host = `127.0.0.1:${port}`;
  if (options.dbName) url.pathname = `/${options.dbName}`;
  url.searchParams.set('directConnection', 'true');
  // Command events let a test cut the database off just before a given command of a request.
  url.searchParams.set('monitorCommands', 'true');
  return url.toString();
}

async function timed(pending: request.Test): Promise<{ res: request.Response; ms: number }> {
  const started = Date.now();
  const res = await pending;
  return { res, ms: Date.now() - started };
}

async function assertUnavailableFast(pending: request.Test, what: string): Promise<request.Response> {
  const { res, ms } = await timed(pending);
  assert.equal(res.status, 503, `${what}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.code, 'SERVICE_UNAVAILABLE');
  assert.doesNotMatch(JSON.stringify(res.body), /Mongo|mongo:|127\.0\.0\.1|ECONNREFUSED|timed out/);
  assert.ok(ms < CONTRACT_MS, `${what} answered in ${ms} ms`);
  return res;
}

/** Waits until /health/ready says 200, within the recovery bound; returns how long it took. */
async function waitUntilReady(app: RequestListener, since: number): Promise<number> {
  while ((await request(app).get('/health/ready')).status !== 200) {
    assert.ok(Date.now() - since < RECOVERY_MS, `the API recovered within ${RECOVERY_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return Date.now() - since;
}

describe('security: database outage', function () {
  this.timeout(90_000);
  let proxy: TcpProxy;
  let app: RequestListener;

  before(async () => {
    const target = new URL(testDatabaseTarget().uri);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 27017) });
    await mongoose.disconnect();
    // The production default (DB_OPERATION_TIMEOUT=3s), not the test run's generous one.
    await connectMongoose(throughProxy(proxy.port), { timeoutMs: testConfig().dbOperationTimeoutMs });
    app = buildApp();
  });
  afterEach(() => {
    mongoose.connection.getClient().removeAllListeners('commandStarted');
    proxy.thaw();
  });
  after(async () => {
    await proxy.stop();
    await reconnectTestDatabase();
  });

  it('when the database closes its connections, then routes answer 503 within 5 s; when it is back, then 200 and every user is intact', async () => {
    const accounts: Account[] = [];
    for (let i = 0; i < 3; i += 1) accounts.push(await registerAccount(app));

    await proxy.stop();
    await assertUnavailableFast(
      request(app).post('/auth/login').send({ email: accounts[0]?.email, password: accounts[0]?.password }),
      'login',
    );
    await assertUnavailableFast(request(app).get('/auth/me').set('Authorization', `Bearer ${accounts[0]?.access_token}`), 'me');
    const ready = await assertUnavailableFast(request(app).get('/health/ready'), 'ready');
    assert.deepEqual(ready.body.checks, { mongo: 'down' });
    await request(app).get('/health').expect(200);

    await proxy.start();
    await waitUntilReady(app, Date.now());
    for (const account of accounts) {
      await request(app).post('/auth/login').send({ email: account.email, password: account.password }).expect(200);
    }
    assert.equal(await UserModel.countDocuments(), 3);
  });

  it('when the database stops answering but keeps its sockets open, then login, /auth/me, refresh and /health/ready answer 503 within 5 s; when it answers again, then the API recovers within 15 s with users and sessions intact', async () => {
    const accounts: Account[] = [];
    for (let i = 0; i < 2; i += 1) accounts.push(await registerAccount(app));
    const [first, second] = accounts as [Account, Account];

    proxy.freeze();
    const outageStarted = Date.now();
    await assertUnavailableFast(request(app).post('/auth/login').send({ email: first.email, password: first.password }), 'login');
    await assertUnavailableFast(request(app).get('/auth/me').set('Authorization', `Bearer ${first.access_token}`), 'me');
    await assertUnavailableFast(request(app).post('/auth/refresh').send({ refresh_token: first.refresh_token }), 'refresh');
    const ready = await assertUnavailableFast(request(app).get('/health/ready'), 'ready');
    assert.deepEqual(ready.body.checks, { mongo: 'down' });
    await request(app).get('/health').expect(200);
    assert.ok(Date.now() - outageStarted < 4 * CONTRACT_MS);

    proxy.thaw();
    await waitUntilReady(app, Date.now());
    for (const account of accounts) {
      await request(app).post('/auth/login').send({ email: account.email, password: account.password }).expect(200);
      await request(app).get('/auth/me').set('Authorization', `Bearer ${account.access_token}`).expect(200);
    }
    // The refresh told 503 spent nothing: the same token still works, once.
    await request(app).post('/auth/refresh').send({ refresh_token: first.refresh_token }).expect(200);
    await request(app).post('/auth/refresh').send({ refresh_token: second.refresh_token }).expect(200);
    assert.equal(await UserModel.countDocuments(), 2);
  });

  it('when the database goes silent before any one command of a refresh, then the client told 503 can retry, or gets 401 with its session revoked: never a spent token without its successor', async () => {
    for (let cut = 1; ; cut += 1) {
      const account = await registerAccount(app);
      let commands = 0;
      mongoose.connection.getClient().on('commandStarted', (event: { commandName: string }) => {
        if (event.commandName === 'hello' || event.commandName === 'ping') return;
        commands += 1;
        if (commands === cut) proxy.freeze();
      });
      const res = await request(app).post('/auth/refresh').send({ refresh_token: account.refresh_token });
      mongoose.connection.getClient().removeAllListeners('commandStarted');
      proxy.thaw();
      if (res.status === 200) break; // every command of the refresh has had its cut
      assert.equal(res.status, 503, `cut before command ${cut}: ${JSON.stringify(res.body)}`);
      await waitUntilReady(app, Date.now());

      const sent = await RefreshTokenModel.findOne({ tokenHash: hashToken(account.refresh_token) }).lean();
      assert.ok(sent);
      const family = await RefreshTokenModel.find({ family: sent.family }).lean();
      if (sent.spentAt) assert.ok(family.length > 1, `cut before command ${cut}: the spent token has a successor`);
      const retry = await request(app).post('/auth/refresh').send({ refresh_token: account.refresh_token });
      if (retry.status === 401) {
        const after = await RefreshTokenModel.find({ family: sent.family }).lean();
        assert.ok(
          after.every((token) => token.revokedAt),
          `cut before command ${cut}: a 401 ends the session visibly`,
        );
      } else {
        assert.equal(retry.status, 200, `cut before command ${cut}: the retry works`);
      }
    }
  });
});
