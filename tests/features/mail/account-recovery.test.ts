import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import request from 'supertest';
import { registerAccount, uniqueEmail } from '../../helpers/factories.js';
import { mailingApp, startMailServer, type MailServer } from '../../helpers/mail-server.js';
import { listenOnFreePort } from '../../helpers/server.js';
import { median } from '../../helpers/timing.js';

const TRIES = 30;

// Sends one forgot-password request per email, one at a time with a pause for the server's background
// work, warming up on the first pair, and posts back each answer's status and time.
const TIMING_CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { setTimeout: sleep } = require('node:timers/promises');
(async () => {
  const timings = [];
  for (const email of [...workerData.emails.slice(0, 2), ...workerData.emails]) {
    const started = performance.now();
    const res = await fetch(workerData.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
    await res.arrayBuffer();
    timings.push({ status: res.status, ms: performance.now() - started });
    await sleep(20);
  }
  parentPort.postMessage(timings.slice(2));
})();
`;

describe('security: account recovery does not tell which emails exist, and cannot be used to flood an inbox', () => {
  let mail: MailServer;
  before(async () => {
    mail = await startMailServer();
  });
  after(() => mail.close());

  it(`when ${TRIES} forgot-password requests for a known and ${TRIES} for an unknown email are timed from another thread, then their medians are within 25%`, async function () {
    this.timeout(60_000);
    const { app } = mailingApp(mail);
    const account = await registerAccount(app);
    const { server, origin } = await listenOnFreePort(app);
    try {
      // The client runs on its own thread, as a remote client would: the mail the server composes after
      // answering must not be counted in the answer's time, which an in-process client would do.
      const emails = Array.from({ length: TRIES }, () => [uniqueEmail('ghost'), account.email]).flat();
      const client = new Worker(TIMING_CLIENT, { eval: true, workerData: { url: `${origin}/auth/password/forgot`, emails } });
      const [timings] = (await once(client, 'message')) as [{ status: number; ms: number }[]];
      assert.ok(timings.every((timing) => timing.status === 202));
      const unknown = median(timings.filter((_, i) => i % 2 === 0).map((timing) => timing.ms));
      const known = median(timings.filter((_, i) => i % 2 === 1).map((timing) => timing.ms));
      const ratio = Math.max(known, unknown) / Math.min(known, unknown);
      assert.ok(ratio <= 1.25, `median known ${known.toFixed(1)} ms, unknown ${unknown.toFixed(1)} ms (ratio ${ratio.toFixed(2)})`);
    } finally {
      server.close();
    }
  });

  it('when one address is asked for more than MAIL_PER_EMAIL_MAX times, then 429 from any IP, the same whether or not it has an account', async () => {
    const { app, outbox } = mailingApp(mail, { MAIL_PER_EMAIL_MAX: '2', TRUST_PROXY: '1' });
    const account = await registerAccount(app);
    for (const email of [account.email, uniqueEmail('ghost')]) {
      const statuses = [];
      for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
        const res = await request(app).post('/auth/password/forgot').set('X-Forwarded-For', ip).send({ email });
        statuses.push(res.status);
        if (res.status === 429) {
          assert.equal(res.body.code, 'RATE_LIMITED');
          assert.ok(Number(res.headers['retry-after']) > 0);
        }
      }
      assert.deepEqual(statuses, [202, 202, 429], email);
    }
    await outbox.drain();
    assert.equal((await mail.to(account.email)).length, 2);
  });

  it('when a signed-in user asks for verification mails past MAIL_PER_EMAIL_MAX, then 429, and the count is shared with reset mails', async () => {
    const { app, outbox } = mailingApp(mail, { MAIL_PER_EMAIL_MAX: '2' });
    const account = await registerAccount(app);
    const verifyRequest = () => request(app).post('/auth/verify-email/request').set('Authorization', `Bearer ${account.access_token}`);
    assert.equal((await verifyRequest()).status, 202);
    assert.equal((await request(app).post('/auth/password/forgot').send({ email: account.email })).status, 202);
    const third = await verifyRequest();
    assert.equal(third.status, 429);
    assert.equal(third.body.code, 'RATE_LIMITED');
    await outbox.drain();
    assert.equal((await mail.to(account.email)).length, 2);
  });

  it('when one IP asks for mails to many addresses, then the per-IP limit stops it', async () => {
    const { app } = mailingApp(mail, { RATE_LIMIT_AUTH_MAX: '3' });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push(
        (
          await request(app)
            .post('/auth/password/forgot')
            .send({ email: uniqueEmail('spray') })
        ).status,
      );
    }
    assert.deepEqual(statuses, [202, 202, 202, 429]);
    // Sign-in keeps its own budget.
    const login = await request(app).post('/auth/login').send({ email: uniqueEmail(), password: 'not the passphrase' });
    assert.equal(login.status, 401);
  });
});
