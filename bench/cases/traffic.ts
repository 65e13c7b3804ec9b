// Traffic control against a server of limited capacity, in its own process: a sweep of fixed request caps, the
// adaptive cap against the best of them, and the rate limit's measured rate. 20 ms latency, capacity 24 (the
// server queues requests past 24 and answers 429 past 96 in flight), lookups unbatched so that every lookup is a
// request.
import { type Built, loadBuilt } from '../built.js';
import type { BenchCase, BenchRow } from '../harness.js';
import { type ServerProcess, startServerProcess } from '../server-process.js';

type PyxisClientOptions = ConstructorParameters<Built['PyxisClient']>[0];

const LATENCY_MS = 20;
const CAPACITY = 24;
const FIXED_CAPS = [4, 8, 16, 32, 64, 128];
const RATE = { requests: 200, perMs: 1000 };

interface Run {
  ms: number;
  throttled: number;
  requests: number;
  /** The request cap after each lookup of the second half of the run. */
  settledCaps: number[];
  /** When each lookup completed, in order, on the performance clock. */
  completions: number[];
}

/** `count` lookups, all issued at once (the cap, not the caller, sets how many are in flight). */
async function run(
  built: Built,
  server: ServerProcess,
  count: number,
  options: PyxisClientOptions,
): Promise<Run> {
  const pyxis = new built.PyxisClient({ url: server.url, retries: 10, ...options });
  const paths = Array.from({ length: count }, (_, i) => server.paths[i % server.paths.length] as never);
  const settledCaps: number[] = [];
  const completions: number[] = [];
  let done = 0;
  const started = performance.now();
  const results = await built.gather(
    paths.map((path) => async (signal: AbortSignal) => {
      const repository = await pyxis.getRepositoryByPath(path, { signal });
      completions.push(performance.now());
      if (++done > count / 2) settledCaps.push(pyxis.traffic().concurrency);
      return repository;
    }),
    { concurrency: 512 },
  );
  const ms = performance.now() - started;
  const { throttled } = pyxis.traffic();
  await pyxis.close();
  if (results.some((repository) => repository === null))
    throw new Error('a lookup of an existing path failed');
  return { ms, throttled, requests: count + throttled, settledCaps, completions };
}

const traffic: BenchCase = {
  name: 'traffic',
  async run({ quick }) {
    const built = await loadBuilt();
    const count = quick ? 1_000 : 10_000;
    const server = await startServerProcess(LATENCY_MS, 6_000, CAPACITY);
    const rows: BenchRow[] = [];
    try {
      const fixed = new Map<number, Run>();
      for (const cap of quick ? [8, 128] : FIXED_CAPS) {
        const result = await run(built, server, count, { maxConcurrency: cap });
        fixed.set(cap, result);
        rows.push({
          case: 'traffic',
          metric: `fixed cap ${cap}: wall`,
          value: Math.round(result.ms),
          unit: 'ms',
        });
        rows.push({ case: 'traffic', metric: `fixed cap ${cap}: 429s`, value: result.throttled });
      }
      const best = Math.min(...[...fixed.values()].map((result) => result.ms));
      const adaptive = await run(built, server, count, { maxConcurrency: { adaptive: true } });
      rows.push({
        case: 'traffic',
        metric: `adaptive cap: wall; where the cap stayed over the second half: ${Math.min(...adaptive.settledCaps)}-${Math.max(...adaptive.settledCaps)}`,
        value: Math.round(adaptive.ms),
        unit: 'ms',
      });
      const ratio = adaptive.ms / best;
      const share = adaptive.throttled / adaptive.requests;
      rows.push({
        case: 'traffic',
        metric: 'adaptive cap (from 16): wall / best fixed cap of the sweep',
        value: ratio,
        target: '<= 1.20',
        ok: ratio <= 1.2,
      });
      rows.push({
        case: 'traffic',
        metric: 'adaptive cap: share of requests answered 429',
        value: share * 100,
        unit: '%',
        target: '<= 2',
        ok: share <= 0.02,
      });
      // The first `requests` go at once (the default burst); from then on one window of perMs lets the next
      // `requests` through, so the rate is read from the R-th completion to the last.
      const limited = quick ? 600 : 2_000;
      const rated = await run(built, server, limited, { maxConcurrency: 64, rateLimit: RATE });
      const first = rated.completions[RATE.requests - 1] as number;
      const last = rated.completions[limited - 1] as number;
      const rate = ((limited - RATE.requests) / (last - first)) * 1000;
      const off = Math.abs(rate / RATE.requests - 1);
      rows.push({
        case: 'traffic',
        metric: `rateLimit 200/s: measured rate (${limited} lookups, after the first burst)`,
        value: rate,
        unit: '/s',
        target: 'within 5%',
        ok: off <= 0.05,
      });
    } finally {
      await server.stop();
    }
    return rows;
  },
};

export default traffic;
