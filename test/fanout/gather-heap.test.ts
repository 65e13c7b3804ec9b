import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { measureHeap } from '../helpers/heap.js';

const script = fileURLToPath(new URL('./fixtures/gather-heap.ts', import.meta.url));

test.each(['sync', 'async'])(
  'gather holds nothing for skipped results (%s tasks): the heap stays flat from 100,000 to 1,000,000 inputs',
  async (mode) => {
    const heap = await measureHeap(script, [mode]);
    expect(heap['at-100k']).toBeGreaterThan(0);
    // Before gather kept only the kept results, a slot per input made this about +10 MB.
    expect((heap['at-1m'] ?? Number.NaN) - (heap['at-100k'] ?? Number.NaN)).toBeLessThan(2);
  },
  60_000,
);
