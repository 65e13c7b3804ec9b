import { describe, expect, it } from 'vitest';
import { formatProgress } from '../../src/cli/progress.js';
import {
  formatRate,
  formatSeconds,
  formatSummary,
  Tally,
  type TallySnapshot,
} from '../../src/cli/summary.js';

const snapshot = (overrides: Partial<TallySnapshot>): TallySnapshot => ({
  read: 0,
  total: undefined,
  ok: 0,
  failed: 0,
  skipped: 0,
  elapsedMs: 1000,
  ...overrides,
});

describe('formatSummary', () => {
  it('counts, time and rate on one line', () => {
    const tally = snapshot({ read: 2005, total: 2005, ok: 2000, failed: 5, elapsedMs: 1800 });
    expect(formatSummary('repo', tally)).toBe(
      'repo: 2005 lookups in 1.8 s (1,114/s): 2000 ok, 5 failed, 0 skipped',
    );
    expect(formatSummary('query', snapshot({ read: 1, ok: 1, elapsedMs: 50 }))).toBe(
      'query: 1 lookup in 0.1 s (20/s): 1 ok, 0 failed, 0 skipped',
    );
  });

  it('says why a run stopped early, and how many lookups in flight were abandoned', () => {
    const tally = snapshot({ read: 120, ok: 90, failed: 5, skipped: 5, elapsedMs: 2000 });
    expect(formatSummary('repo', tally, 'interrupted')).toBe(
      'repo: interrupted after 100 lookups in 2.0 s (50/s): 90 ok, 5 failed, 5 skipped; 20 in flight abandoned',
    );
  });

  it('formats durations and rates for people', () => {
    expect(formatSeconds(0)).toBe('0.0 s');
    expect(formatSeconds(12_400)).toBe('12 s');
    expect(formatSeconds(125_000)).toBe('2 min 5 s');
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(7.25)).toBe('7.3/s');
    expect(formatRate(12_345.6)).toBe('12,346/s');
  });
});

describe('Tally', () => {
  it('knows its total once the input has ended', () => {
    let now = 0;
    const tally = new Tally(undefined, () => now);
    tally.read = 3;
    tally.ok = 2;
    tally.skipped = 1;
    now = 500;
    expect(tally.snapshot()).toEqual({
      read: 3,
      total: undefined,
      ok: 2,
      failed: 0,
      skipped: 1,
      elapsedMs: 500,
    });
    tally.inputEnded();
    expect(tally.snapshot().total).toBe(3);
    expect(tally.done).toBe(3);
  });
});

describe('formatProgress', () => {
  it('shows a bar, done/total, counts, rate and ETA when the total is known', () => {
    const line = formatProgress('repo', snapshot({ read: 600, total: 2000, ok: 495, failed: 4, skipped: 1 }));
    expect(line).toBe(
      'repo [██████░░░░░░░░░░░░░░░░░░] 500/2,000  25% | ok 495  failed 4  skipped 1 | 500/s | ETA 3.0 s',
    );
  });

  it('shows counts, rate and elapsed time while the total is unknown', () => {
    expect(formatProgress('images', snapshot({ read: 10, ok: 10, elapsedMs: 2000 }))).toBe(
      'images 10 done | ok 10  failed 0  skipped 0 | 5/s | 2.0 s',
    );
  });

  it('is full at the end, and cut to the terminal width', () => {
    const done = snapshot({ read: 4, total: 4, ok: 4 });
    expect(formatProgress('repo', done)).toContain('[████████████████████████] 4/4 100%');
    expect(formatProgress('repo', done)).toContain('ETA 0 s');
    expect(formatProgress('repo', done, 20)).toHaveLength(20);
  });
});
