/**
 * What a task resolves to in order to drop its own result: a skipped result appears in the output of neither
 * `gather` nor `asCompleted`, and counts as `skipped` in the progress.
 */
export const SKIP: unique symbol = Symbol('pyxis-gql.SKIP');

export type Skip = typeof SKIP;
