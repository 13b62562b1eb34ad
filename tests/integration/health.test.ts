import assert from 'node:assert/strict';
import request from 'supertest';
import { buildApp } from '../helpers/app.js';

describe('GET /health and /health/ready', () => {
  it('when the process is up, then /health answers ok', async () => {
    const res = await request(buildApp()).get('/health');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok' });
  });

  it('when the database answers, then /health/ready reports mongo up', async () => {
    const res = await request(buildApp()).get('/health/ready');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok', checks: { mongo: 'up' } });
  });
});
