import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { GraphQLFormattedError } from 'graphql';
import type { CallOptions, ContextOf, ExecutionMode, Executor, Lookup, Outcome } from '../execution/index.js';
import {
  FindImagesByNvrDocument,
  FindImagesDocument,
  FindRepositoriesDocument,
  GetRepositoryByRegistryPathDocument,
  type ImageFieldsFragment,
  PingDocument,
  type RepositoryFieldsFragment,
} from '../generated/graphql.js';
import { checkInteger, InvalidOptionError } from '../shared/options.js';
import type { Document } from '../transport/index.js';
import {
  installedRpmsFilter,
  namesFilter,
  nameVersionFilter,
  nvrsFilter,
  type RegistryPath,
  registryPathsFilter,
  repositoriesFilter,
  repositoryImagesFilter,
  repositoryNameFilter,
} from './filters.js';
import { type PagingCaps, pagedLookup, singleLookup } from './response.js';
import {
  optionalBoolean,
  optionalPageSize,
  optionalStrings,
  requireObject,
  requireString,
  requireStrings,
} from './validate.js';

// Interfaces rather than aliases, so that editors and compiler messages name them instead of the generated types.
/** A container repository as our operations select it (Pyxis field names). */
export interface PyxisRepository extends RepositoryFieldsFragment {}
/** A container image as our operations select it (Pyxis field names); `edges` holds the rpm manifest. */
export interface PyxisImage extends ImageFieldsFragment {}

/** Options of the `find*` methods: every call option, plus the page size to read with and the call's caps. */
export interface PageOptions extends CallOptions {
  /** Items per request; defaults to the client's `pageSize`. */
  pageSize?: number;
  /** The most items the call reads (a positive integer, or `Infinity`); defaults to the client's `maxItems`. */
  maxItems?: number;
  /** The most pages the call reads (a positive integer, or `Infinity`); defaults to the client's `maxPages`. */
  maxPages?: number;
}

/**
 * How the `find*` methods page: items per page, pages read at once once `total` is known, and the caps on items
 * and pages of one call.
 */
export interface Paging extends PagingCaps {
  pageSize: number;
  pageConcurrency: number;
}

/** Options of `request`: every call option, plus what becomes of an answer that holds GraphQL errors. */
export interface RequestCallOptions extends CallOptions {
  /**
   * `'throw'` (the default): an answer with GraphQL errors fails the call with a PyxisGraphQLError (its `data`
   * holds whatever came back). `'return'`: an answer with both `data` and errors resolves to `{ data, errors }`
   * (errors alone still fail the call).
   */
  errors?: 'throw' | 'return';
}

/** `request`'s options that ask for partial data with its errors. */
export interface ReturnErrorsOptions extends RequestCallOptions {
  errors: 'return';
}

/**
 * What `request(..., { errors: 'return' })` resolves to: the response's `data` (a field that failed is `null`
 * in it) and its GraphQL errors, `[]` when there were none.
 */
export interface DataWithErrors<TData> {
  data: TData;
  errors: readonly GraphQLFormattedError[];
}

/**
 * The arguments after a typed document: its variables (required unless every one of them is optional), then the
 * call options.
 */
export type RequestArguments<TVariables> =
  Record<never, never> extends TVariables
    ? [variables?: TVariables, options?: RequestCallOptions & { errors?: 'throw' }]
    : [variables: TVariables, options?: RequestCallOptions & { errors?: 'throw' }];

/** The same, with options that ask for the errors beside the data (variables may be `undefined` then). */
export type RequestArgumentsReturningErrors<TVariables> =
  Record<never, never> extends TVariables
    ? [variables: TVariables | undefined, options: ReturnErrorsOptions]
    : [variables: TVariables, options: ReturnErrorsOptions];

const ERROR_POLICIES: ReadonlySet<unknown> = new Set([undefined, 'throw', 'return']);

// Made once, not per call: a fan-out's lookups hold them while in flight.
const asItIs = <T>(data: T): T => data;
const nullWhenMissing = (error: { status: number | null }) =>
  error.status === 404 ? { value: null } : undefined;

/** Installed-rpms lookups are expensive for Pyxis: Freshmaker reads them in small pages. */
const INSTALLED_RPMS_PAGE_SIZE = 10;

/**
 * The Pyxis method set, written once. What a method returns depends on the executor of the client it is called
 * on: a promise of the value in the default context, a job in the async and batch contexts.
 */
export abstract class PyxisMethods<C extends ExecutionMode> {
  /** `'default'`, `'async'` or `'batch'`, as python-arango names its execution contexts. */
  abstract readonly context: ContextOf<C>;
  readonly #executor: Executor;
  readonly #paging: Paging;

  protected constructor(executor: Executor, paging: Paging) {
    this.#executor = executor;
    this.#paging = paging;
  }

  /** Pyxis' `get_ping`: a cheap check that the service answers. */
  ping(options?: CallOptions): Outcome<C, string | null> {
    return this.#guard<string | null>(() => {
      return this.#run(
        {
          kind: 'ping',
          document: PingDocument,
          variables: {},
          complete: (response) => response.data.get_ping as string | null,
        },
        options,
      );
    });
  }

  /** The repository at `registry`/`repository`, or `null` when Pyxis answers 404. */
  getRepositoryByPath(path: RegistryPath, options?: CallOptions): Outcome<C, PyxisRepository | null> {
    return this.#guard<PyxisRepository | null>(() => {
      const method = 'getRepositoryByPath';
      requireObject(method, 'path', path);
      const registry = requireString(method, 'registry', path.registry);
      const repository = requireString(method, 'repository', path.repository);
      return this.#run(
        singleLookup<PyxisRepository, PyxisRepository | null>({
          kind: method,
          document: GetRepositoryByRegistryPathDocument,
          variables: { registry, repository },
          field: 'get_repository_by_registry_path',
          complete: asItIs,
          onError: nullWhenMissing,
        }),
        options,
      );
    });
  }

  /** Red Hat's repositories, optionally only (un)published ones, or those in some release categories or with some auto-rebuild tags. */
  findRepositories(
    filters: { published?: boolean; releaseCategories?: string[]; autoRebuildTags?: string[] } = {},
    options?: PageOptions,
  ): Outcome<C, PyxisRepository[]> {
    return this.#guard<PyxisRepository[]>(() => {
      const method = 'findRepositories';
      requireObject(method, 'filters', filters);
      const filter = repositoriesFilter({
        published: optionalBoolean(method, 'published', filters.published),
        releaseCategories: optionalStrings(method, 'releaseCategories', filters.releaseCategories),
        autoRebuildTags: optionalStrings(method, 'autoRebuildTags', filters.autoRebuildTags),
      });
      return this.#findRepositories(method, filter, options);
    });
  }

  /** Red Hat's repositories with this repository name, in any registry. */
  findRepositoriesByRepositoryName(repository: string, options?: PageOptions): Outcome<C, PyxisRepository[]> {
    return this.#guard<PyxisRepository[]>(() => {
      const method = 'findRepositoriesByRepositoryName';
      return this.#findRepositories(
        method,
        repositoryNameFilter(requireString(method, 'repository', repository)),
        options,
      );
    });
  }

  /** The repositories at any of these registry paths (one request for all of them). */
  findRepositoriesByRegistryPaths(
    paths: RegistryPath[],
    options?: PageOptions,
  ): Outcome<C, PyxisRepository[]> {
    return this.#guard<PyxisRepository[]>(() => {
      const method = 'findRepositoriesByRegistryPaths';
      if (!Array.isArray(paths)) requireStrings(method, 'paths', paths);
      const checked = paths.map((path, index) => {
        requireObject(method, `paths[${index}]`, path);
        return {
          registry: requireString(method, `paths[${index}].registry`, path.registry),
          repository: requireString(method, `paths[${index}].repository`, path.repository),
        };
      });
      if (checked.length === 0) throw new TypeError(`${method}: "paths" must not be empty`);
      return this.#findRepositories(method, registryPathsFilter(checked), options);
    });
  }

  /** The images of the brew build `nvr`, with their rpm manifests unless `includeRpms` is false. */
  findImagesByNvr(
    nvr: string,
    options: PageOptions & { includeRpms?: boolean } = {},
  ): Outcome<C, PyxisImage[]> {
    return this.#guard<PyxisImage[]>(() => {
      const method = 'findImagesByNvr';
      const includeRpms = optionalBoolean(method, 'includeRpms', options.includeRpms) ?? true;
      return this.#run(
        pagedLookup<PyxisImage>({
          kind: method,
          document: FindImagesByNvrDocument,
          variables: { nvr: requireString(method, 'nvr', nvr), includeRpms },
          field: 'find_images_by_nvr',
          ...this.#pagingOf(method, options),
        }),
        options,
      );
    });
  }

  /** The images of any of these brew builds. */
  findImagesByNvrs(
    nvrs: string[],
    options: PageOptions & { includeRpms?: boolean } = {},
  ): Outcome<C, PyxisImage[]> {
    return this.#guard<PyxisImage[]>(() => {
      const method = 'findImagesByNvrs';
      const includeRpms = optionalBoolean(method, 'includeRpms', options.includeRpms) ?? true;
      return this.#findImages(method, nvrsFilter(requireStrings(method, 'nvrs', nvrs)), includeRpms, options);
    });
  }

  /**
   * Images with any of these rpms installed. Each image's rpm manifest keeps only the rpms asked for, since whole
   * manifests are large; read in small pages, as this query is expensive for Pyxis.
   */
  findImagesByInstalledRpms(
    rpmNames: string[],
    options: PageOptions & {
      contentSets?: string[];
      repositories?: string[];
      published?: boolean;
      tags?: string[];
    } = {},
  ): Outcome<C, PyxisImage[]> {
    return this.#guard<PyxisImage[]>(() => {
      const method = 'findImagesByInstalledRpms';
      const names = requireStrings(method, 'rpmNames', rpmNames);
      const filter = installedRpmsFilter(names, {
        contentSets: optionalStrings(method, 'contentSets', options.contentSets),
        repositories: optionalStrings(method, 'repositories', options.repositories),
        published: optionalBoolean(method, 'published', options.published),
        tags: optionalStrings(method, 'tags', options.tags),
      });
      const wanted = new Set(names);
      return this.#run(
        pagedLookup<PyxisImage>({
          kind: method,
          document: FindImagesDocument,
          variables: { filter, includeRpms: true },
          field: 'find_images',
          ...this.#pagingOf(method, options, INSTALLED_RPMS_PAGE_SIZE),
          mapItem: (image) => keepRpms(image, wanted),
        }),
        options,
      );
    });
  }

  /** Published images of any of these brew package names (without rpm manifests). */
  findImagesByNames(names: string[], options?: PageOptions): Outcome<C, PyxisImage[]> {
    return this.#guard<PyxisImage[]>(() => {
      const method = 'findImagesByNames';
      return this.#findImages(method, namesFilter(requireStrings(method, 'names', names)), false, options);
    });
  }

  /** Published images in this repository, optionally only those tagged with one of `autoRebuildTags`. */
  findImagesByRepository(
    repository: string,
    options: PageOptions & { autoRebuildTags?: string[] } = {},
  ): Outcome<C, PyxisImage[]> {
    return this.#guard<PyxisImage[]>(() => {
      const method = 'findImagesByRepository';
      const filter = repositoryImagesFilter(
        requireString(method, 'repository', repository),
        optionalStrings(method, 'autoRebuildTags', options.autoRebuildTags),
      );
      return this.#findImages(method, filter, false, options);
    });
  }

  /** Images of the brew package `name` whose build is `name-version-*`. */
  findImagesByNameVersion(
    name: string,
    version: string,
    options: PageOptions & { published?: boolean; contentSets?: string[] } = {},
  ): Outcome<C, PyxisImage[]> {
    return this.#guard<PyxisImage[]>(() => {
      const method = 'findImagesByNameVersion';
      const filter = nameVersionFilter(
        requireString(method, 'name', name),
        requireString(method, 'version', version),
        {
          published: optionalBoolean(method, 'published', options.published),
          contentSets: optionalStrings(method, 'contentSets', options.contentSets),
        },
      );
      return this.#findImages(method, filter, true, options);
    });
  }

  /**
   * Any other operation: a typed document (from codegen), whose variables are required when the operation
   * requires them, or a GraphQL string. Resolves to the response's `data` as it came: a Pyxis `error { status
   * detail }` field in it is data too, for the caller to read (the methods above turn it into a
   * `PyxisRequestError`). With `{ errors: 'return' }`, an answer with both data and GraphQL errors resolves to
   * `{ data, errors }` instead of failing.
   */
  request<TData, TVariables extends object>(
    document: TypedDocumentNode<TData, TVariables>,
    ...args: RequestArgumentsReturningErrors<NoInfer<TVariables>>
  ): Outcome<C, DataWithErrors<TData>>;
  request<TData, TVariables extends object>(
    document: TypedDocumentNode<TData, TVariables>,
    ...args: RequestArguments<NoInfer<TVariables>>
  ): Outcome<C, TData>;
  request<TData = Record<string, unknown>, TVariables extends object = object>(
    document: string,
    variables: TVariables | undefined,
    options: ReturnErrorsOptions,
  ): Outcome<C, DataWithErrors<TData>>;
  request<TData = Record<string, unknown>, TVariables extends object = object>(
    document: string,
    variables?: TVariables,
    options?: RequestCallOptions & { errors?: 'throw' },
  ): Outcome<C, TData>;
  request<TData>(
    document: TypedDocumentNode<TData, object> | string,
    variables?: object,
    options?: RequestCallOptions,
  ): Outcome<C, TData | DataWithErrors<TData>> {
    return this.#guard<TData | DataWithErrors<TData>>(() => {
      const returnErrors = errorPolicyOf(options?.errors) === 'return';
      return this.#run<TData | DataWithErrors<TData>>(
        {
          // Its own kind: a caller that asked for errors never shares a result with one that did not.
          kind: returnErrors ? 'request+errors' : 'request',
          document: toDocument(document),
          variables: variables === undefined ? {} : requireObject('request', 'variables', variables),
          partial: returnErrors,
          complete: returnErrors
            ? (response) => ({ data: response.data as TData, errors: response.errors ?? [] })
            : (response) => response.data as TData,
        },
        options,
      );
    });
  }

  /** Bad arguments become the executor's refusal: a rejected promise in the default context, not a throw. */
  #guard<T>(call: () => Outcome<C, T>): Outcome<C, T> {
    try {
      return call();
    } catch (error) {
      return this.#executor.refuse(error) as Outcome<C, T>;
    }
  }

  /** A raw GraphQL string: resolves to the response's `data` (a syntax error comes back from the server). */
  execute(query: string, variables?: object, options?: CallOptions): Outcome<C, Record<string, unknown>> {
    return this.#guard<Record<string, unknown>>(() => {
      if (typeof query !== 'string') throw new TypeError('execute: "query" must be a GraphQL string');
      return this.request<Record<string, unknown>>(query, variables, options);
    });
  }

  #run<T>(lookup: Lookup<T>, options: CallOptions | undefined): Outcome<C, T> {
    const { signal, timeout, deadline } = options ?? {};
    return this.#executor.execute(lookup, { signal, timeout, deadline }) as Outcome<C, T>;
  }

  /** How this call pages: its own options where it gave them, else the client's. */
  #pagingOf(
    method: string,
    options: PageOptions | undefined,
    defaultPageSize = this.#paging.pageSize,
  ): { pageSize: number; concurrency: number } & PagingCaps {
    return {
      pageSize: optionalPageSize(method, options?.pageSize) ?? defaultPageSize,
      concurrency: this.#paging.pageConcurrency,
      maxItems:
        checkInteger('maxItems', options?.maxItems, { min: 1, infinity: true }) ?? this.#paging.maxItems,
      maxPages:
        checkInteger('maxPages', options?.maxPages, { min: 1, infinity: true }) ?? this.#paging.maxPages,
    };
  }

  #findRepositories(method: string, filter: unknown, options: PageOptions | undefined) {
    return this.#run(
      pagedLookup<PyxisRepository>({
        kind: method,
        document: FindRepositoriesDocument,
        variables: { filter },
        field: 'find_repositories',
        ...this.#pagingOf(method, options),
      }),
      options,
    );
  }

  #findImages(method: string, filter: unknown, includeRpms: boolean, options: PageOptions | undefined) {
    return this.#run(
      pagedLookup<PyxisImage>({
        kind: method,
        document: FindImagesDocument,
        variables: { filter, includeRpms },
        field: 'find_images',
        ...this.#pagingOf(method, options),
      }),
      options,
    );
  }
}

function keepRpms(image: PyxisImage, wanted: ReadonlySet<string>): PyxisImage {
  const manifest = image.edges?.rpm_manifest?.data;
  if (!manifest?.rpms) return image;
  const rpms = manifest.rpms.filter((rpm) => rpm?.name != null && wanted.has(rpm.name));
  return {
    ...image,
    edges: { ...image.edges, rpm_manifest: { ...image.edges?.rpm_manifest, data: { ...manifest, rpms } } },
  };
}

function errorPolicyOf(policy: unknown): 'throw' | 'return' {
  if (!ERROR_POLICIES.has(policy)) throw new InvalidOptionError('errors', policy, '"throw" or "return"');
  return policy === 'return' ? 'return' : 'throw';
}

function toDocument(document: Document): Document {
  if (typeof document === 'string') {
    if (document.trim() === '') throw new TypeError('request: "document" must not be an empty string');
    return document;
  }
  if (typeof document !== 'object' || document === null || document.kind !== 'Document') {
    throw new TypeError('request: "document" must be a GraphQL document or a string');
  }
  return document;
}
