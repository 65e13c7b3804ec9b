import { afterAll, beforeAll } from 'vitest';

/**
 * Records every promise rejection that goes unhandled while this test file runs (the listener is on from before
 * its first test to after its last) and returns the list, for the file's own hooks to check and empty.
 */
export function recordUnhandledRejections(): unknown[] {
  const unhandledRejections: unknown[] = [];
  const recordUnhandled = (reason: unknown) => unhandledRejections.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', recordUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', recordUnhandled);
  });
  return unhandledRejections;
}
