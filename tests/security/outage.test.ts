import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import mongoose from 'mongoose';
import request from 'supertest';
import { connectMongoose } from '../../src/db/database.js';
import { UserModel } from '../../src/models/user.model.js';
import { buildApp } from '../helpers/app.js';
import { registerAccount, type Account } from '../helpers/factories.js';
import { reconnectTestDatabase, testDatabaseTarget } from '../helpers/database.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const CONTRACT_MS = 5000;

/** The test server's URI, rerouted through the proxy (direct, so no replica-set discovery bypasses it). */
function throughProxy(port: number): string {
  const { uri, options } = testDatabaseTarget();
  const url = new URL(uri);
  url.host = `127.0.0.1:${port}`;
  if (options.dbName) url.pathname = `/${options.dbName}`;
  url.searchParams.set('directConnection', 'true');
  return url.toString();
}

async function timed(pending: request.Test): Promise<{ res: request.Response; ms: number }> {
  const started = Date.now();
  const res = await pending;
  return { res, ms: Date.now() - started };
}

describe('security: database outage', function () {
  this.timeout(60_000);
  let proxy: TcpProxy;
  let app: RequestListener;

  before(async () => {
    const target = new URL(testDatabaseTarget().uri);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 27017) });
    await mongoose.disconnect();
    await connectMongoose(throughProxy(proxy.port));
    app = buildApp();
  });
  after(async () => {
    await proxy.stop();
    await reconnectTestDatabase();
  });

  it('when the database stops, then routes answer 503 within 5 s and /health/ready 503; when it is back, then 200 and every user is intact', async () => {
    const accounts: Account[] = [];
    for (let i = 0; i < 3; i += 1) accounts.push(await registerAccount(app));

    await proxy.stop();
    const login = await timed(request(app).post('/auth/login').send({ email: accounts[0]?.email, password: accounts[0]?.password }));
    assert.equal(login.res.status, 503);
    assert.equal(login.res.body.code, 'SERVICE_UNAVAILABLE');
    assert.doesNotMatch(JSON.stringify(login.res.body), /Mongo|mongo:|127\.0\.0\.1|ECONNREFUSED/);
    assert.ok(login.ms < CONTRACT_MS, `login answered in ${login.ms} ms`);
    const me = await timed(request(app).get('/auth/me').set('Authorization', `Bearer ${accounts[0]?.access_token}`));
    assert.equal(me.res.status, 503);
    assert.ok(me.ms < CONTRACT_MS, `me answered in ${me.ms} ms`);
    const ready = await timed(request(app).get('/health/ready'));
    assert.equal(ready.res.status, 503);
    assert.deepEqual(ready.res.body.checks, { mongo: 'down' });
    assert.ok(ready.ms < CONTRACT_MS, `ready answered in ${ready.ms} ms`);
    await request(app).get('/health').expect(200);

    await proxy.start();
    const deadline = Date.now() + 20_000;
    while ((await request(app).get('/health/ready')).status !== 200) {
      assert.ok(Date.now() < deadline, 'the database came back within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const account of accounts) {
      await request(app).post('/auth/login').send({ email: account.email, password: account.password }).expect(200);
    }
    assert.equal(await UserModel.countDocuments(), 3);
  });
});
