// The fault soak, sized for CI (CI_SOAK): 2,000 distinct lookups at concurrency 50 against the embedded Pyxis (in a
// process of its own) injecting 10% HTTP 500, 5% 429 with Retry-After, 2% dropped connections and 1% stalls past
// the 5 s timeout. The faults are keyed on the request (`faults.keyed`), so every count below is the same on every
// run, in whatever order the requests arrive.
// bench/soak.ts runs the 10,000-lookup version; docs/reliability.md has its numbers.
import { expect, test } from 'vitest';
import { CI_SOAK, runSoak } from '../../bench/soak.js';

test('under faults every lookup ends as a result, a skip or a typed error, in the same numbers on every run', async () => {
  const report = await runSoak(CI_SOAK);
  const summary = JSON.stringify(report);
  // The counts for CI_SOAK's seed. They change when a request body changes (a document's text, its variables):
  // regenerate them with `npx tsx bench/soak.ts --ci`, which runs this soak and prints its report.
  expect(
    {
      results: report.results,
      skips: report.skips,
      errors: report.errors,
      errorsByName: report.errorsByName,
      minAttemptsOfErrors: report.minAttemptsOfErrors,
      httpRequests: report.httpRequests,
      faults: report.faults,
    },
    summary,
  ).toEqual({
    results: 1898,
    skips: 100,
    errors: 2,
    errorsByName: { PyxisHttpError: 1, PyxisTimeoutError: 1 },
    // A lookup fails only once its retries are spent (every injected fault is retryable).
    minAttemptsOfErrors: 4,
    httpRequests: 2446,
    faults: { http500: 254, http429: 122, drop: 48, stall: 24, gzipUnasked: 0, gzipBomb: 0 },
  });
  // What the counts above must keep meaning when they are regenerated.
  expect(report.results + report.skips + report.errors, summary).toBe(report.inputs);
  // Every fault kind was injected, many times.
  for (const kind of ['http500', 'http429', 'drop', 'stall'])
    expect(report.faults[kind], summary).toBeGreaterThan(10);
  // One lookup in 20 asks for a repository that does not exist: a skip, unless its lookup failed.
  expect(report.skips, summary).toBeGreaterThanOrEqual(95);
  expect(report.untypedErrors, summary).toBe(0);
  if (report.errors > 0) expect(report.minAttemptsOfErrors, summary).toBeGreaterThanOrEqual(4);
  // 1 - (0.13 / 0.95)^4 = 99.965% expected over many seeds (see the docs).
  expect(report.successRate, summary).toBeGreaterThanOrEqual(0.998);
  expect(report.unhandledRejections, summary).toBe(0);
  expect(report.leftOpen, summary).toEqual([]);
}, 90_000);
