// Pyxis' paging and sorting of `find_*` results: `page` is 0-based, `page_size` is clamped to the service's
// maximum and the served size is reported back, `total` counts every match.
import { FilterError, reach } from './filter.js';
import type { ResponseErrorRecord } from './records.js';

export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_MAX_PAGE_SIZE = 500;

export interface PageArgs {
  page?: number | null;
  page_size?: number | null;
  sort_by?: readonly ({ field?: string | null; order?: string | null } | null)[] | null;
}

/** The paginated response wrapper of `schema/pyxis.graphql`. */
export interface PageResponse<T> {
  data: T[] | null;
  error: ResponseErrorRecord | null;
  page: number;
  page_size: number;
  total: number;
}

export function paginate<T>(items: readonly T[], args: PageArgs, maxPageSize: number): PageResponse<T> {
  const page = args.page ?? 0;
  const requested = args.page_size ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(page) || page < 0) {
    return pageError(400, `page must be a non-negative integer, got ${page}`, page, requested);
  }
  if (!Number.isInteger(requested) || requested < 1) {
    return pageError(400, `page_size must be a positive integer, got ${requested}`, page, requested);
  }
  const pageSize = Math.min(requested, maxPageSize);
  const sorted = sortItems(items, args.sort_by ?? []);
  const start = page * pageSize;
  return {
    data: sorted.slice(start, start + pageSize),
    error: null,
    page,
    page_size: pageSize,
    total: items.length,
  };
}

export function pageError<T>(
  status: number,
  detail: string,
  page: number,
  pageSize: number,
): PageResponse<T> {
  return { data: null, error: { status, detail }, page, page_size: pageSize, total: 0 };
}

/** Sorts by each `sort_by` entry in turn (a dotted field path, ASC or DESC); a stable sort, so ties keep data order. */
function sortItems<T>(items: readonly T[], sortBy: NonNullable<PageArgs['sort_by']>): readonly T[] {
  const keys = sortBy
    .filter((entry): entry is { field: string; order?: string | null } => typeof entry?.field === 'string')
    .map((entry) => {
      if (entry.field === '') throw new FilterError('sort_by field must not be empty');
      return { path: entry.field.split('.'), direction: entry.order === 'DESC' ? -1 : 1 };
    });
  if (keys.length === 0) return items;
  return items.slice().sort((left, right) => {
    for (const { path, direction } of keys) {
      const order = compareValues(reach(left, path)[0], reach(right, path)[0]);
      if (order !== 0) return order * direction;
    }
    return 0;
  });
}

/** Missing values first, as MongoDB sorts them ascending; numbers and strings by their natural order. */
function compareValues(left: unknown, right: unknown): number {
  if (left === right) return 0;
  if (left === undefined || left === null) return -1;
  if (right === undefined || right === null) return 1;
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  const a = String(left);
  const b = String(right);
  return a < b ? -1 : a > b ? 1 : 0;
}
