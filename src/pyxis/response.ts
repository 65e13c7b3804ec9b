// Reading Pyxis' response wrappers: `{ data, error { status detail } }`, plus `page`, `page_size`, `total` on lists.
import { PyxisError, PyxisRequestError } from '../errors/index.js';
import type { Document, Lookup, PyxisResponse, Send, Variables } from '../execution/index.js';

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

/** A lookup of one object; `onError` may turn an error (e.g. 404) into a value instead of a PyxisRequestError. */
export function singleLookup<TData, TResult>(options: {
  document: Document;
  variables: Variables;
  field: string;
  complete: (data: TData | null) => TResult;
  onError?: (error: ResponseError) => { value: TResult } | undefined;
}): Lookup<TResult> {
  return {
    document: options.document,
    variables: options.variables,
    complete(response) {
      const wrapper = readField<Wrapper<TData>>(response, options.field);
      if (wrapper.error) {
        const handled = options.onError?.(wrapper.error);
        if (handled) return handled.value;
        throw new PyxisRequestError(options.field, wrapper.error, response.traceId);
      }
      return options.complete(wrapper.data);
    },
  };
}

/**
 * A lookup of every page of a `find_*` field: pages with `page`/`page_size` until a page is empty or short, or
 * all `total` items are read.
 */
export function pagedLookup<TItem>(options: {
  document: Document;
  variables: Variables;
  field: string;
  pageSize: number;
  /** Applied to each item as it arrives (e.g. to drop the rpms nobody asked for, before the next page). */
  mapItem?: (item: TItem) => TItem;
}): Lookup<TItem[]> {
  const { document, field, pageSize, mapItem } = options;
  const variables = { ...options.variables, page: 0, page_size: pageSize };
  return {
    document,
    variables,
    async complete(first: PyxisResponse, send: Send) {
      const items: TItem[] = [];
      let response = first;
      for (let page = 0; ; ) {
        const wrapper = readField<PageWrapper<TItem>>(response, field);
        if (wrapper.error) throw new PyxisRequestError(field, wrapper.error, response.traceId);
        const data = (wrapper.data ?? []).filter((item): item is TItem => item !== null);
        for (const item of data) items.push(mapItem ? mapItem(item) : item);
        const servedPageSize = wrapper.page_size ?? pageSize;
        const total = wrapper.total ?? Number.POSITIVE_INFINITY;
        if (data.length === 0 || data.length < servedPageSize || items.length >= total) return items;
        page += 1;
        response = await send(document, { ...variables, page });
      }
    },
  };
}
