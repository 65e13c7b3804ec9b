// Reading Pyxis' response wrappers: `{ data, error { status detail } }`, plus `page`, `page_size`, `total` on lists.
import { PyxisError, PyxisPagingError, PyxisRequestError } from '../errors/index.js';
import type { Lookup, Send } from '../execution/index.js';
import type { Document, PyxisResponse, Variables } from '../transport/index.js';

interface ResponseError {
  status: number | null;
  detail: string | null;
}

interface Wrapper<TData> {
  data: TData | null;
  error: ResponseError | null;
}

interface PageWrapper<TItem> extends Wrapper<Array<TItem | null>> {
  page: number | null;
  page_size: number | null;
  total: number | null;
}

/** The root field's wrapper, or a PyxisError when the response lacks it (a server that is not Pyxis). */
export function readField<TWrapper>(response: PyxisResponse, field: string): TWrapper {
  const value = response.data[field];
  if (typeof value !== 'object' || value === null) {
    throw new PyxisError(`Pyxis response has no "${field}" object in its data`, {
      traceId: response.traceId,
    });
  }
  return value as TWrapper;
}

interface SingleLookupOptions<TData, TResult> {
  kind: string;
  document: Document;
  variables: Variables;
  field: string;
  complete: (data: TData | null) => TResult;
  onError?: (error: ResponseError) => { value: TResult } | undefined;
}

/** A lookup of one object; `onError` may turn an error (e.g. 404) into a value instead of a PyxisRequestError. */
export function singleLookup<TData, TResult>(options: SingleLookupOptions<TData, TResult>): Lookup<TResult> {
  return new SingleLookup(options);
}

/** A class rather than an object with a closure: a fan-out holds thousands of these while they are in flight. */
class SingleLookup<TData, TResult> implements Lookup<TResult> {
  readonly kind: string;
  readonly document: Document;
  readonly variables: Variables;
  readonly #options: SingleLookupOptions<TData, TResult>;

  constructor(options: SingleLookupOptions<TData, TResult>) {
    this.kind = options.kind;
    this.document = options.document;
    this.variables = options.variables;
    this.#options = options;
  }

  complete(response: PyxisResponse): TResult {
    const { field, onError, complete } = this.#options;
    const wrapper = readField<Wrapper<TData>>(response, field);
    if (wrapper.error) {
      const handled = onError?.(wrapper.error);
      if (handled) return handled.value;
      throw new PyxisRequestError(field, wrapper.error, response.traceId);
    }
    return complete(wrapper.data);
  }
}

/** A lookup of every page of a `find_*` field, which can also stream its items page by page. */
export interface PagedLookup<TItem> extends Lookup<TItem[]> {
  /** The items as their pages arrive, in order: for result sets too big to hold at once. */
  stream(send: Send): AsyncGenerator<TItem, void, undefined>;
}

/** How much one `find*` call may read, whatever the server announces: its caps on items and on pages. */
export interface PagingCaps {
  maxItems: number;
  maxPages: number;
}

/**
 * Reads every page of a `find_*` field with `page`/`page_size`, until a page is empty or short, or all `total`
 * items are read. Once the first page tells `total`, up to `concurrency` further pages are read at once; items
 * keep their order. Past `maxItems` items or `maxPages` pages (announced by `total`, or arriving) the call fails
 * with a PyxisPagingError before asking for another page.
 */
export function pagedLookup<TItem>(
  options: {
    kind: string;
    document: Document;
    variables: Variables;
    field: string;
    pageSize: number;
    concurrency: number;
    /** Applied to each item as it arrives (e.g. to drop the rpms nobody asked for, before the next page). */
    mapItem?: (item: TItem) => TItem;
  } & PagingCaps,
): PagedLookup<TItem> {
  const { document, field, pageSize, concurrency, mapItem, maxItems, maxPages } = options;
  // Calls with other caps may end otherwise: they must not share one in-flight request (see SharingExecutor).
  const kind = `${options.kind}\u0000${maxItems}\u0000${maxPages}`;
  const variables = { ...options.variables, page: 0, page_size: pageSize };
  const refuse = (option: 'maxItems' | 'maxPages', reason: string, total: unknown, traceId?: string) =>
    new PyxisPagingError(
      field,
      option,
      option === 'maxItems' ? maxItems : maxPages,
      reason,
      typeof total === 'number' ? total : undefined,
      traceId,
    );

  async function* pages(first: PyxisResponse, send: Send): AsyncGenerator<TItem[], void, undefined> {
    const read = (
      response: PyxisResponse,
    ): { items: TItem[]; full: boolean; wrapper: PageWrapper<TItem> } => {
      const wrapper = readField<PageWrapper<TItem>>(response, field);
      if (wrapper.error) throw new PyxisRequestError(field, wrapper.error, response.traceId);
      const data = (wrapper.data ?? []).filter((item): item is TItem => item !== null);
      const items = mapItem ? data.map(mapItem) : data;
      return { items, full: data.length > 0 && data.length >= (wrapper.page_size ?? pageSize), wrapper };
    };
    const head = read(first);
    const total = head.wrapper.total;
    const announcedPages =
      typeof total === 'number' ? Math.ceil(total / (head.wrapper.page_size ?? pageSize)) : 1;
    if (head.full && typeof total === 'number') {
      if (total > maxItems)
        throw refuse('maxItems', `the server announces ${total} items`, total, first.traceId);
      if (announcedPages > maxPages) {
        throw refuse('maxPages', `the server announces ${announcedPages} pages`, total, first.traceId);
      }
    }
    if (head.items.length > maxItems) {
      throw refuse('maxItems', `${head.items.length} items arrived`, total, first.traceId);
    }
    yield head.items;
    if (!head.full) return;
    const inFlight: Array<Promise<PyxisResponse>> = [];
    let count = head.items.length;
    let next = 1;
    const request = (page: number) => {
      const response = send(document, { ...variables, page });
      response.catch(() => {}); // awaited below unless reading stops early: never an unhandled rejection
      inFlight.push(response);
    };
    while (typeof total !== 'number' || count < total) {
      while (inFlight.length < concurrency && next < announcedPages) request(next++);
      // Past the pages `total` announced (or without a total), one page at a time until a short one.
      if (inFlight.length === 0) {
        if (next >= maxPages) throw refuse('maxPages', `page ${next + 1} would be needed`, total);
        request(next++);
      }
      const response = await (inFlight.shift() as Promise<PyxisResponse>);
      const page = read(response);
      count += page.items.length;
      if (count > maxItems) throw refuse('maxItems', `${count} items arrived`, total, response.traceId);
      if (page.items.length > 0) yield page.items;
      if (!page.full) return;
    }
  }

  return {
    kind,
    document,
    variables,
    async complete(first: PyxisResponse, send: Send) {
      const items: TItem[] = [];
      for await (const page of pages(first, send)) items.push(...page);
      return items;
    },
    async *stream(send: Send) {
      for await (const page of pages(await send(document, variables), send)) yield* page;
    },
  };
}
