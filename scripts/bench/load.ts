import autocannon, { type Request } from 'autocannon';

/** One load run: autocannon's connections and pacing, every answer expected to carry one status. */
export interface LoadSpec {
  readonly name: string;
  readonly origin: string;
  readonly request: Request;
  readonly expect: number;
  readonly connections: number;
  /** How long the run lasts; with `amount` set, only a cap (the run ends at whichever comes first). */
  readonly seconds: number;
  readonly amount?: number;
  /** Requests per second across all connections (open pacing); closed loop when unset. */
  readonly overallRate?: number;
}

export interface LoadResult {
  /** Answers with the expected status. */
  readonly requests: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The slowest answer. */
  readonly maxMs: number;
}

/** A running load whose result arrives when it ends by itself or when `stop` is called. */
export interface RunningLoad {
  readonly result: Promise<LoadResult>;
  stop(): void;
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/** The median, the 99th percentile and the maximum of latencies in milliseconds (NaN for none). */
export function summarize(latencies: readonly number[]): Pick<LoadResult, 'p50Ms' | 'p99Ms' | 'maxMs'> {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: percentile(sorted, 1) };
}

/**
 * Starts a load run. Latencies are taken from each response's own timer (autocannon's histogram
 * keeps whole milliseconds, too coarse for a 1 ms /health). Rejects naming the run when any answer
 * has another status, or a request fails or times out.
 */
export function startLoad(spec: LoadSpec): RunningLoad {
  const latencies: number[] = [];
  const unexpected = new Map<number, number>();
  const started = performance.now();
  let instance: autocannon.Instance | undefined;
  const result = new Promise<LoadResult>((resolve, reject) => {
    instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        duration: spec.seconds,
        ...(spec.amount !== undefined && { amount: spec.amount }),
        ...(spec.overallRate !== undefined && { overallRate: spec.overallRate }),
        // A login waits behind every other one in the storm: far longer than autocannon's default 10 s.
        timeout: 60,
        requests: [spec.request],
      },
      (error, outcome) => {
        if (error instanceof Error) return reject(error);
        const seconds = (performance.now() - started) / 1000;
        const failures = [...unexpected].map(([status, count]) => `${count} × ${status}`);
        if (outcome.errors > 0) failures.push(`${outcome.errors} errors (${outcome.timeouts} timeouts)`);
        if (failures.length > 0) return reject(new Error(`${spec.name}: expected only ${spec.expect}, got ${failures.join(', ')}`));
        resolve({ ...summarize(latencies), requests: latencies.length, rps: latencies.length / seconds });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status === spec.expect) latencies.push(responseTime);
      else unexpected.set(status, (unexpected.get(status) ?? 0) + 1);
    });
  });
  const stopAfterCap = setTimeout(() => instance?.stop(), spec.seconds * 1000 + 1000);
  return {
    result: result.finally(() => clearTimeout(stopAfterCap)),
    stop: () => instance?.stop(),
  };
}

/** Runs one load to its end. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return startLoad(spec).result;
}
