import { describe, expect, test } from 'vitest';
import { RecentRate } from '../../src/cli/progress.js';
import { RequestStats } from '../../src/cli/request-stats.js';
import { formatRequestSummary } from '../../src/cli/summary.js';
import type { PyxisRequestEndEvent } from '../../src/index.js';

function ended(durationMs: number, status = 200, lookups = 1): PyxisRequestEndEvent {
  return {
    type: 'request-end',
    operationType: 'query',
    operationName: 'Q',
    url: 'http://h/',
    attempt: 1,
    lookups,
    status,
    durationMs,
    traceId: undefined,
    error: undefined,
    errorType: undefined,
  };
}

describe('RequestStats', () => {
  test('percentiles of 1..1000 ms, within the histogram precision (3 significant digits)', () => {
    const stats = new RequestStats();
    // Shuffled, seeded: a histogram does not care about the order, a buggy running percentile would.
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    let seed = 7;
    for (let i = values.length - 1; i > 0; i--) {
      seed = (seed * 16807) % 2147483647;
      const j = seed % (i + 1);
      [values[i], values[j]] = [values[j] as number, values[i] as number];
    }
    for (const value of values) stats.onEvent(ended(value, value % 100 === 0 ? 429 : 200, 2));
    const snapshot = stats.snapshot();
    expect(snapshot.requests).toBe(1000);
    expect(snapshot.lookupsCarried).toBe(2000);
    expect(snapshot.rateLimited).toBe(10);
    const latency = snapshot.latencyMs as NonNullable<typeof snapshot.latencyMs>;
    expect(latency.p50).toBeCloseTo(500, -0.5);
    expect(latency.p90).toBeCloseTo(900, -0.5);
    expect(latency.p99).toBeCloseTo(990, -0.5);
    expect(latency.max).toBeCloseTo(1000, -0.5);
  });

  test('the summary lines, and none before any request', () => {
    const stats = new RequestStats();
    expect(formatRequestSummary('repo', stats.snapshot(), 1000)).toEqual([]);
    stats.onEvent(ended(12.3, 200, 50));
    stats.onEvent({ ...ended(0), type: 'retry', error: new Error('x'), errorType: '503', delayMs: 250 });
    stats.onEvent(ended(20, 200, 48));
    expect(formatRequestSummary('repo', stats.snapshot(), 2000)).toEqual([
      'repo: 2 requests (1/s), 49 lookups per request, retries 1 (waited 0.3 s), 429s 0',
      expect.stringMatching(/^repo: latency per request p50 12\.3 ms, p90 20 ms, p99 20 ms, max 20 ms$/),
    ]);
  });
});

describe('RecentRate', () => {
  const at = (elapsedMs: number, ok: number) => ({
    read: ok,
    total: undefined,
    ok,
    failed: 0,
    skipped: 0,
    elapsedMs,
  });

  test('follows the last few seconds, not the average since the start', () => {
    const rate = new RecentRate();
    // 100/s for 10 s, then 10/s: the current rate drops to 10/s once the window holds only the slow part.
    let done = 0;
    for (let t = 0; t <= 10_000; t += 125) {
      done = t / 10;
      rate.rateAt(at(t, done));
    }
    let last = 0;
    for (let t = 10_125; t <= 16_000; t += 125) {
      done += 1.25;
      last = rate.rateAt(at(t, done));
    }
    expect(last).toBeCloseTo(10, 5);
  });

  test('in the first second, the rate since the start', () => {
    const rate = new RecentRate();
    expect(rate.rateAt(at(500, 50))).toBe(100);
  });
});
