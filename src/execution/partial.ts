import { PyxisGraphQLError } from '../errors/index.js';
import type { PyxisResponse } from '../transport/index.js';
import type { Lookup } from './lookup.js';

/**
 * The response a lookup taking partial data completes instead of failing with `error`: the data and errors of a
 * PyxisGraphQLError whose response held a `data` object. Undefined when the lookup fails as usual (it takes no
 * partial data, the error is another, or the server sent errors alone). The transport throws for every answer
 * with errors (its retries see them), so partial data is told here, per lookup, after any retry.
 */
export function partialResponse(lookup: Lookup<unknown>, error: unknown): PyxisResponse | undefined {
  if (!lookup.partial || !(error instanceof PyxisGraphQLError)) return undefined;
  const { data } = error;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  return { data: data as Record<string, unknown>, traceId: error.traceId, errors: error.errors };
}
