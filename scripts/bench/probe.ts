import { Agent, request } from 'node:http';
import { summarize, type LoadResult } from './load.js';

/** A steady probe: `rate` GETs of `path` per second for `seconds`, each expected to answer 200. */
export interface ProbeSpec {
  readonly origin: string;
  readonly path: string;
  readonly rate: number;
  readonly seconds: number;
}

// How long the probe waits for its last answers; a request still open then counts with its age.
const GRACE_MS = 5000;

function get(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    })
      .once('error', reject)
      .end();
  });
}

/**
 * Sends requests at fixed times, whether or not earlier ones were answered (autocannon's rate limit
 * sends each second's quota in one burst, and a closed loop sends nothing while the server stalls),
 * so a stall shows in the latencies instead of thinning the sample. A request unanswered at the end
 * counts with the time it has waited so far, a lower bound of its latency.
 */
export async function runProbe(spec: ProbeSpec): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true });
  const latencies: number[] = [];
  const pending = new Set<number>();
  const started = performance.now();
  const total = spec.rate * spec.seconds;
  const failures: string[] = [];
  const answers: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / spec.rate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const sent = performance.now();
    pending.add(sent);
    answers.push(
      get(agent, `${spec.origin}${spec.path}`).then(
        (status) => {
          pending.delete(sent);
          if (status === 200) latencies.push(performance.now() - sent);
          else failures.push(`status ${status}`);
        },
        (error: unknown) => void failures.push(String(error)),
      ),
    );
  }
  const grace = new Promise((resolve) => setTimeout(resolve, GRACE_MS).unref());
  await Promise.race([Promise.all(answers), grace]);
  const ended = performance.now();
  if (failures.length > 0) throw new Error(`probe ${spec.path}: expected only 200, got ${failures.slice(0, 3).join(', ')}`);
  const answered = latencies.length;
  latencies.push(...[...pending].map((sent) => ended - sent));
  agent.destroy();
  return { ...summarize(latencies), requests: answered, rps: answered / ((ended - started) / 1000) };
}
