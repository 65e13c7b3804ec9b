import { pMapSkip } from 'p-map';

/**
 * What a task resolves to in order to drop its own result: a skipped result appears in the output of neither
 * `gather` nor `asCompleted`, and counts as `skipped` in the progress. It is p-map's `pMapSkip`, so `gather` can
 * hand it to p-map untouched, and a task written for p-map skips the same way here.
 */
export const SKIP: typeof pMapSkip = pMapSkip;

export type Skip = typeof SKIP;
