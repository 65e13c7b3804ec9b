// The fault soak, sized for CI: 2,000 lookups at concurrency 100 against the embedded Pyxis (in a process of its
// own) injecting 10% HTTP 500, 5% 429 with Retry-After, 2% dropped connections and 1% stalls past the timeout.
// bench/soak.ts runs the 10,000-lookup version; docs/reliability.md has its numbers.
import { expect, test } from 'vitest';
import { runSoak, SOAK_FAULTS } from '../../bench/soak.js';

test('under faults every lookup ends as a result, a skip or a typed error; at least 99.8% succeed', async () => {
  const report = await runSoak({
    lookups: 2000,
    concurrency: 100,
    // Long enough for any healthy answer on a busy CI machine; the stalls never answer.
    timeout: 2000,
    // Default retries; short waits to keep the test quick (Retry-After asks for 1 s, honoured up to 50 ms).
    retryDelay: { base: 20, max: 200, maxRetryAfter: 50 },
    faults: { ...SOAK_FAULTS, seed: 8 },
  });
  const summary = JSON.stringify(report);
  expect(report.results + report.skips + report.errors, summary).toBe(report.inputs);
  // Every fault kind was injected, many times.
  for (const kind of ['http500', 'http429', 'drop', 'stall'])
    expect(report.faults[kind], summary).toBeGreaterThan(10);
  // One lookup in 20 asks for a repository that does not exist: a skip, unless its lookup failed.
  expect(report.skips, summary).toBeGreaterThanOrEqual(95);
  expect(report.untypedErrors, summary).toBe(0);
  // A lookup fails only once its retries are spent (every injected fault is retryable).
  if (report.errors > 0) expect(report.minAttemptsOfErrors, summary).toBeGreaterThanOrEqual(4);
  // 1 - (0.13 / 0.95)^4 = 99.965% expected; 2,000 lookups are too few to hold 99.9% every run (see the docs).
  expect(report.successRate, summary).toBeGreaterThanOrEqual(0.998);
  expect(report.unhandledRejections, summary).toBe(0);
  expect(report.leftOpen, summary).toEqual([]);
}, 90_000);
