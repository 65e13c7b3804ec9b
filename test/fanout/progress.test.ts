import { describe, expect, it, vi } from 'vitest';
import { ProgressCounter } from '../../src/fanout/progress.js';

describe('ProgressCounter', () => {
  it('passes a fresh snapshot of the counters and the current total', () => {
    const onProgress = vi.fn();
    const source: { total: number | undefined } = { total: undefined };
    const counter = new ProgressCounter(onProgress, source);
    counter.running = 2;
    counter.report();
    counter.done = 1;
    source.total = 5;
    counter.report();
    expect(onProgress.mock.calls).toEqual([
      [{ done: 0, failed: 0, skipped: 0, running: 2, total: undefined }],
      [{ done: 1, failed: 0, skipped: 0, running: 2, total: 5 }],
    ]);
    expect(onProgress.mock.calls[0]?.[0]).not.toBe(onProgress.mock.calls[1]?.[0]);
  });

  it('does nothing without a listener', () => {
    expect(() => new ProgressCounter(undefined, { total: undefined }).report()).not.toThrow();
  });
});
