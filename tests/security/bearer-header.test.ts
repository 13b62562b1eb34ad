import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import request from 'supertest';
import { buildApp } from '../helpers/app.js';
import { registerAccount } from '../helpers/factories.js';
import { median, timed } from '../helpers/timing.js';

// Node refuses headers over 16 kB by default; a deployment may raise that, so the parser must not rely on it.
const MAX_HEADER_SIZE = 128 * 1024;
const NO_SPACES_64K = `Bearer${'a'.repeat(64 * 1024)}`;
// Just under Node's default header limit: what reaches the parser of a default deployment.
const NO_SPACES_16K = 'a'.repeat(16_000);
// Baselines of the same size that any parser reads in one pass (a space early on): what sending and
// reading that many bytes costs, so that only the parsing differs.
const EASY_64K = `Basic ${'a'.repeat(64 * 1024)}`;
const EASY_16K = `Basic ${'a'.repeat(16_000 - 6)}`;

describe('security: one long Authorization header stalls the event loop (regular-expression denial of service)', () => {
  let app: RequestListener;
  let server: Server;
  before(async () => {
    app = buildApp();
    server = createServer({ maxHeaderSize: MAX_HEADER_SIZE }, app).listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  after(() => server.close());

  const me = (authorization: string) => request(server).get('/auth/me').set('Authorization', authorization);

  /** Median latency of /health, probed one after another while `flood` requests with `authorization` are in flight. */
  async function healthLatencyDuring(authorization: string, flood: number): Promise<number> {
    const inFlight = Array.from({ length: flood }, () => me(authorization).then((res) => res.status));
    const probes: number[] = [];
    for (let i = 0; i < 5; i += 1) probes.push(await timed(async () => assert.equal((await request(server).get('/health')).status, 200)));
    assert.deepEqual(new Set(await Promise.all(inFlight)), new Set([401]));
    return median(probes);
  }

  it('when a 64 kB Authorization header without spaces arrives, then it answers 401 as fast as one of the same size any parser reads in one pass', async () => {
    const easy: number[] = [];
    const hostile: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      easy.push(await timed(async () => assert.equal((await me(EASY_64K)).status, 401)));
      hostile.push(await timed(async () => assert.equal((await me(NO_SPACES_64K)).status, 401)));
    }
    // Before the fix one such header took seconds of event-loop time; now it costs what sending it does.
    assert.ok(
      median(hostile) < 2 * median(easy) + 5,
      `median hostile ${median(hostile).toFixed(1)} ms, easy ${median(easy).toFixed(1)} ms`,
    );
  });

  it('when many 16,000-character headers arrive at once, then /health answers as fast as during as many of the same size', async () => {
    const baseline = await healthLatencyDuring(EASY_16K, 10);
    const attacked = await healthLatencyDuring(NO_SPACES_16K, 10);
    assert.ok(attacked < 3 * baseline + 10, `/health median ${attacked.toFixed(1)} ms under attack, ${baseline.toFixed(1)} ms baseline`);
  });

  it('when the header follows RFC 6750 §2.1, then the scheme is case-insensitive and anything else around the token is refused', async () => {
    const { access_token: token } = await registerAccount(app);
    assert.equal((await me(`bearer ${token}`)).status, 200);
    assert.equal((await me(`BEARER  ${token}`)).status, 200);
    for (const refused of [`Bearer ${token} extra`, `Bearer ${token},x`, `Bearer\t${token}`, `Basic ${token}`, token]) {
      const res = await me(refused);
      assert.equal(res.status, 401, JSON.stringify(refused));
      assert.equal(res.body.code, 'UNAUTHORIZED');
    }
  });

  it('when a valid token is padded past the length cap, then it answers 401 without parsing it', async () => {
    const { access_token: token } = await registerAccount(app);
    assert.equal((await me(`Bearer ${' '.repeat(5000)}${token}`)).status, 401);
  });
});
