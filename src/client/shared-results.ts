// Where a client's shared and cached results live, and how it pages (which shapes its lookups, and so their
// keys). The loaders of `createLoaders` prime and clear those results; a WeakMap keeps that reach out of the
// client's public surface, and lets clients be collected.
import type { SharingExecutor } from '../execution/index.js';
import type { Paging } from '../pyxis/index.js';

export interface SharedResults {
  sharing: SharingExecutor;
  paging: Paging;
}

const sharedByClient = new WeakMap<object, SharedResults>();

export function registerSharedResults(client: object, shared: SharedResults): void {
  sharedByClient.set(client, shared);
}

/** The client's shared results, or undefined for an object that is not a PyxisClient. */
export function sharedResultsOf(client: unknown): SharedResults | undefined {
  return typeof client === 'object' && client !== null ? sharedByClient.get(client) : undefined;
}
