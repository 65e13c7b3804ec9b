import { PyxisGraphQLError } from '../errors/index.js';
import type { PyxisResponse, RequestOptions, Transport } from '../transport/index.js';
import type { Lookup } from './lookup.js';
import type { DocumentMerger } from './merge.js';
import { partialResponse } from './partial.js';

/** What became of one lookup's first request. */
export type FirstResponse = { ok: true; response: PyxisResponse } | { ok: false; error: unknown };

/** A failed first request: the lookup's error, or the partial data of a lookup that takes it. */
function failed(lookup: Lookup<unknown>, error: unknown): FirstResponse {
  const response = partialResponse(lookup, error);
  return response ? { ok: true, response } : { ok: false, error };
}

/**
 * Sends the first request of every lookup in as few HTTP requests as it can: one merged document for all the
 * lookups that are single queries, and one request for each of the others. Never rejects: each lookup gets its
 * own response (its part of the merged answer) or its own error. `calls[i]` is lookup i's entry in the `calls`
 * of its requests (for the client's observers); each request carries the entries of the lookups it serves.
 */
export async function sendMerged(
  transport: Transport,
  merger: DocumentMerger,
  lookups: ReadonlyArray<Lookup<unknown>>,
  options: RequestOptions,
  calls?: readonly unknown[],
): Promise<FirstResponse[]> {
  const sent: FirstResponse[] = new Array(lookups.length);
  const sendAlone = async (index: number) => {
    const lookup = lookups[index] as Lookup<unknown>;
    const own = calls?.[index] === undefined ? options : { ...options, calls: [calls[index]] };
    sent[index] = await transport.send(lookup.document, lookup.variables, own).then(
      (response): FirstResponse => ({ ok: true, response }),
      (error: unknown): FirstResponse => failed(lookup, error),
    );
  };
  if (lookups.length === 1) {
    await sendAlone(0);
    return sent;
  }
  const merged = merger.merge(lookups);
  const work = merged.loners.map(sendAlone);
  if (merged.members.length === 1) work.push(sendAlone(merged.members[0] as number));
  if (merged.members.length > 1) work.push(sendMerged());
  await Promise.all(work);
  return sent;

  async function sendMerged(): Promise<void> {
    const { members } = merged;
    const partOf = (index: number, data: unknown, traceId: string | undefined): PyxisResponse => ({
      data: merger.dataOf(
        index,
        (lookups[index] as Lookup<unknown>).document,
        data as Record<string, unknown>,
      ),
      traceId,
    });
    try {
      // Counted by the observers even without entries: how many lookups this request carries.
      const carried = { ...options, calls: members.map((index) => calls?.[index]) };
      const response = await transport.send(merged.document, merged.variables, carried);
      for (const index of members)
        sent[index] = { ok: true, response: partOf(index, response.data, response.traceId) };
    } catch (error) {
      if (!(error instanceof PyxisGraphQLError)) {
        for (const index of members) sent[index] = { ok: false, error };
        return;
      }
      const own = members.map((index) => merger.errorsOf(index, error.errors));
      if (own.reduce((count, errors) => count + errors.length, 0) < error.errors.length) {
        // An error of the whole document (e.g. one lookup asks for a field the server lacks): without a path it
        // belongs to nobody, so each lookup is asked again on its own to get its own answer.
        await Promise.all(members.map(sendAlone));
        return;
      }
      members.forEach((index, i) => {
        const errors = own[i] ?? [];
        sent[index] =
          errors.length > 0
            ? failed(
                lookups[index] as Lookup<unknown>,
                new PyxisGraphQLError(
                  error.httpCode,
                  errors,
                  error.traceId,
                  partOf(index, error.data, error.traceId).data,
                ),
              )
            : { ok: true, response: partOf(index, error.data, error.traceId) };
      });
    }
  }
}
