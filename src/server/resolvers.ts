// Pyxis' root fields over a dataset: each answers with Pyxis' response wrapper, and reports what Pyxis reports
// in its `error { status detail }` field (a missing repository, a bad argument) instead of a GraphQL error.
import type { PyxisDataset } from './dataset.js';
import { compileFilter, FilterError } from './filter.js';
import { type PageArgs, type PageResponse, pageError, paginate } from './paging.js';
import type { ImageRecord, RepositoryRecord, ResponseErrorRecord } from './records.js';

/** A root field's resolver, as graphql-js calls a function found on the root value: `(args, context, info)`. */
export type RootResolver = (args: Record<string, unknown>) => unknown;

/** The root fields of `schema/pyxis.graphql`'s Query type. */
export type RootFieldName =
  | 'get_ping'
  | 'find_images'
  | 'find_images_by_nvr'
  | 'find_repositories'
  | 'get_repository_by_registry_path';

export type RootResolvers = Record<RootFieldName, RootResolver>;

/** The single-object response wrapper of `schema/pyxis.graphql`. */
export interface ObjectResponse<T> {
  data: T | null;
  error: ResponseErrorRecord | null;
}

/** An image's rpm manifest hangs off its edges; the `rpm_manifest` filter reaches it there. */
const IMAGE_FILTER_PATHS = { rpm_manifest: ['edges', 'rpm_manifest', 'data'] } as const;

export function createRootResolvers(dataset: PyxisDataset, options: { maxPageSize: number }): RootResolvers {
  const { maxPageSize } = options;
  return {
    get_ping: () => 'pong',

    get_repository_by_registry_path: (args): ObjectResponse<RepositoryRecord> => {
      const { registry, repository } = args;
      if (
        typeof registry !== 'string' ||
        registry === '' ||
        typeof repository !== 'string' ||
        repository === ''
      ) {
        return { data: null, error: { status: 400, detail: 'registry and repository are required' } };
      }
      const found = dataset.findRepository(registry, repository);
      if (found) return { data: found, error: null };
      return {
        data: null,
        error: {
          status: 404,
          detail: `Container repository with registry "${registry}" and repository "${repository}" not found`,
        },
      };
    },

    find_repositories: (args) => findPage(dataset.repositories, args, {}, maxPageSize),

    find_images: (args) => findPage(dataset.images, args, { paths: IMAGE_FILTER_PATHS }, maxPageSize),

    find_images_by_nvr: (args): PageResponse<ImageRecord> => {
      const { nvr } = args;
      if (typeof nvr !== 'string' || nvr === '') {
        return pageError(400, 'nvr is required', 0, 0);
      }
      return findPage(dataset.findImagesByNvr(nvr), args, { paths: IMAGE_FILTER_PATHS }, maxPageSize);
    },
  };
}

function findPage<T>(
  candidates: readonly T[],
  args: Record<string, unknown>,
  filterOptions: Parameters<typeof compileFilter>[1],
  maxPageSize: number,
): PageResponse<T> {
  const pageArgs = args as PageArgs;
  try {
    const matches = compileFilter(args.filter, filterOptions);
    const items = args.filter == null ? candidates : candidates.filter((item) => matches(item));
    return paginate(items, pageArgs, maxPageSize);
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    return pageError(400, error.message, pageArgs.page ?? 0, pageArgs.page_size ?? 0);
  }
}
