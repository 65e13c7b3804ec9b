// Typed MSW handlers for one operation each: the test says what the field holds, the kit answers it the way
// Pyxis would (response wrapper, paging, `error` field), executed against the schema so that the response holds
// exactly what the operation selects.

import {
  type GraphQLHandler,
  type GraphQLQuery,
  type GraphQLResponseBody,
  type GraphQLVariables,
  graphql,
  HttpResponse,
} from 'msw';
import { DEFAULT_PYXIS_URL } from '../client/index.js';
import type {
  FindImagesByNvrQuery,
  FindImagesByNvrQueryVariables,
  FindImagesQuery,
  FindImagesQueryVariables,
  FindRepositoriesQuery,
  FindRepositoriesQueryVariables,
  GetRepositoryByRegistryPathQuery,
  GetRepositoryByRegistryPathQueryVariables,
  PingQuery,
  PingQueryVariables,
} from '../generated/graphql.js';
import type { PyxisImage, PyxisRepository } from '../pyxis/index.js';
import {
  DEFAULT_MAX_PAGE_SIZE,
  type GraphQLHttpResponse,
  newTraceId,
  type PageArgs,
  PyxisDataset,
  PyxisEngine,
  paginate,
  type RootFieldName,
  TRACE_ID_HEADER,
} from '../server/index.js';
import { PyxisFieldError } from './results.js';

type MaybePromise<T> = T | Promise<T>;

/** Answers a lookup of one object: the object, `null`, or a Pyxis field error such as `notFound()`. */
export type ObjectResolver<TVariables, TObject> = (
  variables: TVariables,
) => MaybePromise<TObject | null | PyxisFieldError>;

/** Answers a `find_*` lookup with every match: the kit serves the page the request asks for. */
export type ListResolver<TVariables, TItem> = (
  variables: TVariables,
) => MaybePromise<readonly TItem[] | PyxisFieldError>;

export interface MockOptions {
  /** The endpoint to answer, matched exactly. Default: the client's default endpoint. */
  url?: string;
}

/** `get_ping` (operation `Ping`); answers "pong" unless told otherwise. */
export function mockPing(
  resolver: (variables: PingQueryVariables) => MaybePromise<string | null> = () => 'pong',
  options: MockOptions = {},
): GraphQLHandler {
  return mockOperation<PingQuery, PingQueryVariables>('Ping', 'get_ping', options, resolver);
}

/** `get_repository_by_registry_path` (operation `GetRepositoryByRegistryPath`). */
export function mockGetRepositoryByPath(
  resolver: ObjectResolver<GetRepositoryByRegistryPathQueryVariables, PyxisRepository>,
  options: MockOptions = {},
): GraphQLHandler {
  return mockOperation<GetRepositoryByRegistryPathQuery, GetRepositoryByRegistryPathQueryVariables>(
    'GetRepositoryByRegistryPath',
    'get_repository_by_registry_path',
    options,
    async (variables) => objectResponse(await resolver(variables)),
  );
}

/** `find_repositories` (operation `FindRepositories`): findRepositories and the other repository searches. */
export function mockFindRepositories(
  resolver: ListResolver<FindRepositoriesQueryVariables, PyxisRepository>,
  options: MockOptions = {},
): GraphQLHandler {
  return mockOperation<FindRepositoriesQuery, FindRepositoriesQueryVariables>(
    'FindRepositories',
    'find_repositories',
    options,
    async (variables) => listResponse(await resolver(variables), variables),
  );
}

/** `find_images` (operation `FindImages`): every image search but the one by NVR. */
export function mockFindImages(
  resolver: ListResolver<FindImagesQueryVariables, PyxisImage>,
  options: MockOptions = {},
): GraphQLHandler {
  return mockOperation<FindImagesQuery, FindImagesQueryVariables>(
    'FindImages',
    'find_images',
    options,
    async (variables) => listResponse(await resolver(variables), variables),
  );
}

/** `find_images_by_nvr` (operation `FindImagesByNvr`): findImagesByNvr. */
export function mockFindImagesByNvr(
  resolver: ListResolver<FindImagesByNvrQueryVariables, PyxisImage>,
  options: MockOptions = {},
): GraphQLHandler {
  return mockOperation<FindImagesByNvrQuery, FindImagesByNvrQueryVariables>(
    'FindImagesByNvr',
    'find_images_by_nvr',
    options,
    async (variables) => listResponse(await resolver(variables), variables),
  );
}

/**
 * A handler for one named operation, whose root field holds what `answer` computes from the variables. The
 * request is executed by the embedded engine with that root field overridden (its other root fields, if any,
 * read an empty dataset), so the response has the operation's exact shape, and a fixture of the wrong type
 * fails as a GraphQL error would.
 */
function mockOperation<TQuery extends GraphQLQuery, TVariables extends GraphQLVariables>(
  operationName: string,
  field: RootFieldName,
  options: MockOptions,
  answer: (variables: TVariables) => unknown,
): GraphQLHandler {
  // Built at the first request: a test file may define many mocks and never call most of them.
  let engine: PyxisEngine | undefined;
  return graphql
    .link(options.url ?? DEFAULT_PYXIS_URL)
    .query<TQuery, TVariables>(operationName, async ({ query, variables }) => {
      const value = await answer(variables);
      engine ??= new PyxisEngine({ dataset: new PyxisDataset({ repositories: [], images: [] }) });
      return toHttpResponse<TQuery>(engine.respond({ query, variables }, { [field]: () => value }));
    });
}

function objectResponse<T>(value: T | null | PyxisFieldError) {
  return value instanceof PyxisFieldError
    ? { data: null, error: { status: value.status, detail: value.detail } }
    : { data: value, error: null };
}

function listResponse<T>(value: readonly T[] | PyxisFieldError, variables: PageArgs) {
  if (value instanceof PyxisFieldError) {
    return {
      data: null,
      error: { status: value.status, detail: value.detail },
      page: 0,
      page_size: 0,
      total: 0,
    };
  }
  return paginate(value, { page: variables.page, page_size: variables.page_size }, DEFAULT_MAX_PAGE_SIZE);
}

function toHttpResponse<TQuery extends GraphQLQuery>(
  answer: GraphQLHttpResponse,
): HttpResponse<GraphQLResponseBody<TQuery>> {
  return HttpResponse.json(JSON.parse(answer.body) as GraphQLResponseBody<TQuery>, {
    status: answer.status,
    headers: { [TRACE_ID_HEADER]: newTraceId() },
  });
}
