import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { hashToken } from '../../src/auth/single-use-token.js';
import { RefreshTokenModel } from '../../src/models/refresh-token.model.js';
import { buildApp } from '../helpers/app.js';
import { registerAccount } from '../helpers/factories.js';

function refresh(app: RequestListener, token: string) {
  return request(app).post('/auth/refresh').set('User-Agent', 'refresh-test').send({ refresh_token: token });
}

describe('POST /auth/refresh', () => {
  let app: RequestListener;
  before(() => {
    app = buildApp();
  });

  it('when the token is fresh, then it answers 200 with new tokens, and the one sent is spent', async () => {
    const account = await registerAccount(app);
    const res = await refresh(app, account.refresh_token);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.deepEqual(Object.keys(res.body).sort(), ['access_token', 'expires_in', 'refresh_token', 'token_type']);
    assert.notEqual(res.body.refresh_token, account.refresh_token);
    const spent = await RefreshTokenModel.findOne({ tokenHash: hashToken(account.refresh_token) }).lean();
    assert.ok(spent?.spentAt);
    const next = await RefreshTokenModel.findOne({ tokenHash: hashToken(res.body.refresh_token) }).lean();
    assert.equal(next?.family, spent.family);
    assert.equal(next?.userAgent, 'refresh-test');
    const me = await request(app).get('/auth/me').set('Authorization', `Bearer ${res.body.access_token}`);
    assert.equal(me.status, 200);
  });

  it('when refreshed 5 times and the 1st token is replayed, then it answers REFRESH_TOKEN_REUSED and the 5th dies too', async () => {
    const account = await registerAccount(app);
    const chain = [account.refresh_token];
    for (let i = 0; i < 5; i += 1) {
      const res = await refresh(app, chain[chain.length - 1] as string);
      assert.equal(res.status, 200);
      chain.push(res.body.refresh_token);
    }
    const replay = await refresh(app, chain[0] as string);
    assert.equal(replay.status, 401);
    assert.equal(replay.body.code, 'REFRESH_TOKEN_REUSED');
    const newest = await refresh(app, chain[5] as string);
    assert.equal(newest.status, 401);
    assert.equal(newest.body.code, 'INVALID_REFRESH_TOKEN');
    assert.equal(await RefreshTokenModel.countDocuments({ revokedAt: null }), 0);
  });

  it('when 20 refreshes race with one token, then at most one is 200, the others 401, and the family ends revoked', async () => {
    const account = await registerAccount(app);
    const responses = await Promise.all(Array.from({ length: 20 }, () => refresh(app, account.refresh_token)));
    const ok = responses.filter((res) => res.status === 200);
    assert.ok(ok.length <= 1, `${ok.length} succeeded`);
    const codes = responses.filter((r) => r.status !== 200).map((res) => `${res.status} ${res.body.code}`);
    // The winner that finds the family revoked by the reuse after storing its token hands out nothing.
    assert.ok(
      codes.every((code) => code === '401 REFRESH_TOKEN_REUSED' || code === '401 INVALID_REFRESH_TOKEN'),
      codes.join(),
    );
    assert.ok(codes.filter((code) => code === '401 REFRESH_TOKEN_REUSED').length >= 18, codes.join());
    for (const winner of ok)
      assert.equal((await refresh(app, winner.body.refresh_token)).status, 401, 'the reuse revoked the newest token too');
  });

  it('when two refreshes race with one token, then the loser is REFRESH_TOKEN_REUSED and the winner 200 or 401', async () => {
    const account = await registerAccount(app);
    const statuses = (await Promise.all([refresh(app, account.refresh_token), refresh(app, account.refresh_token)]))
      .map((res) => `${res.status} ${res.body.code ?? ''}`.trim())
      .sort();
    assert.ok(statuses[0] === '200' || statuses[0] === '401 INVALID_REFRESH_TOKEN', statuses.join());
    assert.equal(statuses[1], '401 REFRESH_TOKEN_REUSED');
  });

  it('when the token has expired, then it answers 401 INVALID_REFRESH_TOKEN even if the TTL index has not run', async () => {
    const shortLived = buildApp({ REFRESH_TOKEN_TTL: '1s' });
    const account = await registerAccount(shortLived);
    await RefreshTokenModel.updateOne(
      { tokenHash: hashToken(account.refresh_token) },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );
    const res = await refresh(shortLived, account.refresh_token);
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'INVALID_REFRESH_TOKEN');
  });

  it('when REFRESH_TOKEN_TTL is short, then the stored expiry follows it', async () => {
    const shortLived = buildApp({ REFRESH_TOKEN_TTL: '30s' });
    const before = Date.now();
    const account = await registerAccount(shortLived);
    const stored = await RefreshTokenModel.findOne({ tokenHash: hashToken(account.refresh_token) }).lean();
    const lifetime = (stored?.expiresAt.getTime() ?? 0) - before;
    assert.ok(lifetime > 29_000 && lifetime < 31_000, `lifetime ${lifetime} ms`);
  });

  it('when the token is unknown, then it answers 401 INVALID_REFRESH_TOKEN', async () => {
    const res = await refresh(app, 'x'.repeat(43));
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'INVALID_REFRESH_TOKEN');
  });

  it('when the token is an operator object, then it answers 400 VALIDATION_FAILED', async () => {
    await registerAccount(app);
    const res = await request(app)
      .post('/auth/refresh')
      .send({ refresh_token: { $ne: '' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'VALIDATION_FAILED');
  });

  it('when the token is any string that is not a live refresh token (an access token, short, empty), then it answers 401 INVALID_REFRESH_TOKEN', async () => {
    const account = await registerAccount(app);
    for (const token of [account.access_token, 'x', '', 'y'.repeat(2000)]) {
      const res = await refresh(app, token);
      assert.equal(res.status, 401, `${token.length} characters`);
      assert.equal(res.body.code, 'INVALID_REFRESH_TOKEN');
    }
  });

  it('when the field is missing or not a string, then it answers 400 VALIDATION_FAILED', async () => {
    for (const body of [{}, { refresh_token: 42 }, { refresh_token: null }]) {
      const res = await request(app).post('/auth/refresh').send(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 'VALIDATION_FAILED');
    }
  });

  it('the database never holds a raw refresh token', async () => {
    const account = await registerAccount(app);
    const rotated = await refresh(app, account.refresh_token);
    const raw = JSON.stringify(await RefreshTokenModel.find().lean());
    assert.ok(!raw.includes(account.refresh_token));
    assert.ok(!raw.includes(rotated.body.refresh_token));
    assert.ok(raw.includes(hashToken(rotated.body.refresh_token)));
  });
});
