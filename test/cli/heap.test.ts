import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapFlags } from '../../src/cli/heap.js';

describe('heapFlags', () => {
  it('keeps the old generation at a fixed factor of its live size by default', () => {
    expect(heapFlags([])).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    expect(heapFlags(['--enable-source-maps', '--max-old-space-size=4096'])).toEqual([
      `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    ]);
    expect(HEAP_GROWING_PERCENT).toBeGreaterThan(0);
    expect(HEAP_GROWING_PERCENT).toBeLessThan(100);
  });

  it('leaves a growing factor the user gave node alone', () => {
    expect(heapFlags(['--heap-growing-percent=200'])).toEqual([]);
    expect(heapFlags(['--inspect', '--heap_growing_percent=10'])).toEqual([]);
    expect(heapFlags(['--heap-growing-percent-x=1'])).toEqual([
      `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    ]);
  });
});
