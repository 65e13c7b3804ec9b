import { pMapSkip } from 'p-map';

declare const skipBrand: unique symbol;

/**
 * The type of `SKIP`. An object-like brand rather than p-map's `unique symbol`: TypeScript widens a unique symbol
 * to `symbol` when it is a function's only return value, so `async () => SKIP` would type as `Promise<symbol>` and
 * every gather of it as `(T | symbol)[]`. A brand is never widened.
 */
export interface Skip {
  readonly [skipBrand]: 'SKIP';
}

/**
 * What a task resolves to in order to drop its own result: a skipped result appears in the output of neither
 * `gather` nor `asCompleted`, and counts as `skipped` in the progress. At run time it is p-map's `pMapSkip`, so a
 * task written for p-map skips the same way here.
 */
export const SKIP = pMapSkip as unknown as Skip;

/** p-map's own marker, which `SKIP` is at run time: types exclude it too. */
export type PMapSkip = typeof pMapSkip;
