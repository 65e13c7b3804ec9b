import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { measureHeap } from '../helpers/heap.js';

const script = fileURLToPath(new URL('./fixtures/async-heap.ts', import.meta.url));

test('finished async jobs leave nothing behind: the heap does not grow from 5,000 to 45,000 jobs', async () => {
  const heap = await measureHeap(script);
  expect(heap['after-5k']).toBeGreaterThan(0);
  // Before the fix, each job kept ~2 KB: +80 MB over 40,000 jobs.
  expect((heap['after-45k'] ?? Number.NaN) - (heap['after-5k'] ?? Number.NaN)).toBeLessThan(3);
}, 60_000);
