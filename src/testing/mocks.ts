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
import { MERGED_OPERATION_NAME } from '../execution/index.js';
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
import type { PyxisImage, PyxisRepository, RegistryPath } from '../pyxis/index.js';
import {
  API_KEY_HEADER,
  checkRequireApiKey,
  DEFAULT_MAX_PAGE_SIZE,
  type GraphQLHttpResponse,
  newTraceId,
  type PageArgs,
  PyxisDataset,
  PyxisEngine,
  paginate,
  type RootFieldName,
  type RootOverrides,
  refusalOf,
  refusedAnswer,
  TRACE_ID_HEADER,
} from '../server/index.js';
import type { Variables } from '../transport/index.js';
import { answersOf, cannotApplyBody, overridesOf, splitMergedDocument, takeAnswers } from './merged.js';
import { PyxisFieldError, pyxisError } from './results.js';

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
  /**
   * Answer only requests that send this key as `X-API-KEY`: without a key the field reports a 401 in its `error`,
   * with another key a 403, and the resolver is not called (`mockPing` answers either way). Default: no key.
   */
  requireApiKey?: string;
}

/** `get_ping` (operation `Ping`); answers "pong" unless told otherwise. */
export function mockPing(
  resolver: (variables: PingQueryVariables) => MaybePromise<string | null> = () => 'pong',
  options: MockOptions = {},
): GraphQLHandler {
  return mockOperation<PingQuery, PingQueryVariables>(
    { mock: 'mockPing', operationName: 'Ping', field: 'get_ping' },
    options,
    resolver,
  );
}

/**
 * `get_repository_by_registry_path` (operation `GetRepositoryByRegistryPath`). The resolver gets the registry
 * path as `getRepositoryByPath` sends it; a request without one is answered as Pyxis does (400), unresolved.
 */
export function mockGetRepositoryByPath(
  resolver: ObjectResolver<RegistryPath, PyxisRepository>,
  options: MockOptions = {},
): GraphQLHandler {
  return mockOperation<GetRepositoryByRegistryPathQuery, GetRepositoryByRegistryPathQueryVariables>(
    {
      mock: 'mockGetRepositoryByPath',
      operationName: 'GetRepositoryByRegistryPath',
      field: 'get_repository_by_registry_path',
    },
    options,
    async ({ registry, repository }) =>
      isFilled(registry) && isFilled(repository)
        ? objectResponse(await resolver({ registry, repository }))
        : objectResponse(pyxisError(400, 'registry and repository are required')),
  );
}

/** `find_repositories` (operation `FindRepositories`): findRepositories and the other repository searches. */
export function mockFindRepositories(
  resolver: ListResolver<FindRepositoriesQueryVariables, PyxisRepository>,
  options: MockOptions = {},
): GraphQLHandler {
  return mockOperation<FindRepositoriesQuery, FindRepositoriesQueryVariables>(
    { mock: 'mockFindRepositories', operationName: 'FindRepositories', field: 'find_repositories' },
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
    { mock: 'mockFindImages', operationName: 'FindImages', field: 'find_images' },
    options,
    async (variables) => listResponse(await resolver(variables), variables),
  );
}

/** The variables of `FindImagesByNvr` as `findImagesByNvr` sends them: the NVR is always there. */
export type FindImagesByNvrMockVariables = Omit<FindImagesByNvrQueryVariables, 'nvr'> & { nvr: string };

/**
 * `find_images_by_nvr` (operation `FindImagesByNvr`): findImagesByNvr. A request without an NVR is answered as
 * Pyxis does (400), unresolved.
 */
export function mockFindImagesByNvr(
  resolver: ListResolver<FindImagesByNvrMockVariables, PyxisImage>,
  options: MockOptions = {},
): GraphQLHandler {
  return mockOperation<FindImagesByNvrQuery, FindImagesByNvrQueryVariables>(
    { mock: 'mockFindImagesByNvr', operationName: 'FindImagesByNvr', field: 'find_images_by_nvr' },
    options,
    async ({ nvr, ...rest }) =>
      isFilled(nvr)
        ? listResponse(await resolver({ ...rest, nvr }), rest)
        : listResponse(pyxisError(400, 'nvr is required'), rest),
  );
}

/** Which operation a mock answers, and the root field it overrides. */
interface MockSpec {
  /** The factory's name, for error messages. */
  mock: string;
  operationName: string;
  field: RootFieldName;
}

/**
 * A handler for one named operation, whose root field holds what `answer` computes from the variables. The
 * request is executed by the embedded engine with that root field overridden (its other root fields, if any,
 * read an empty dataset), so the response has the operation's exact shape, and a fixture of the wrong type
 * fails as a GraphQL error would. In a merged (batched) document it answers every lookup of its operation, and
 * leaves the others to the handlers after it (see merged.ts).
 */
function mockOperation<TQuery extends GraphQLQuery, TVariables extends GraphQLVariables>(
  spec: MockSpec,
  options: MockOptions,
  answerOf: (variables: TVariables) => unknown,
): GraphQLHandler {
  const requiredApiKey = checkRequireApiKey(options.requireApiKey);
  // Built at the first request: a test file may define many mocks and never call most of them.
  let engine: PyxisEngine | undefined;
  const execute = (query: string, variables: Variables, overrides: RootOverrides | undefined) => {
    engine ??= new PyxisEngine({ dataset: new PyxisDataset({ repositories: [], images: [] }) });
    return toHttpResponse<TQuery>(engine.respond({ query, variables }, overrides));
  };
  const operations = new RegExp(`^(?:${spec.operationName}|${MERGED_OPERATION_NAME})$`);
  return graphql
    .link(options.url ?? DEFAULT_PYXIS_URL)
    .query<TQuery, TVariables>(
      operations,
      async ({ query, variables, operationName, requestId, request }) => {
        const refusal = refusalOf(requiredApiKey, request.headers.get(API_KEY_HEADER));
        const answer = (own: TVariables) => {
          const refused = refusal && refusedAnswer(spec.field, refusal, own);
          return refused === undefined ? answerOf(own) : refused;
        };
        if (operationName !== MERGED_OPERATION_NAME) {
          const value = await answer(variables);
          return execute(query, variables, { [spec.field]: () => value });
        }
        const parts = splitMergedDocument(query, variables);
        if (!Array.isArray(parts)) return cannotApply(spec.mock, query, parts.problem, requestId);
        const answers = answersOf(requestId);
        for (const part of parts) {
          const own = part.rootFields.filter((root) => root.field === spec.field);
          if (own.length === 0) continue;
          if (part.rootFields.length > 1) {
            const fields = part.rootFields.map((root) => root.field).join(', ');
            return cannotApply(
              spec.mock,
              query,
              `lookup ${part.index} selects ${fields} in one query`,
              requestId,
            );
          }
          const { responseKey } = own[0] as { responseKey: string };
          // A mock added later (so consulted earlier) has answered it already: the newest mock wins, as unbatched.
          if (answers.has(responseKey)) continue;
          answers.set(responseKey, { field: spec.field, value: await answer(part.variables as TVariables) });
        }
        const complete = parts.every((part) =>
          part.rootFields.every((root) => answers.has(root.responseKey)),
        );
        // Fields left over are for the handlers after this one: a mock of their operation, or createPyxisHandlers.
        if (!complete) return undefined;
        takeAnswers(requestId);
        return execute(query, variables, overridesOf(answers));
      },
    );
}

function cannotApply<TQuery extends GraphQLQuery>(
  mock: string,
  query: string,
  reason: string,
  requestId: string,
): HttpResponse<GraphQLResponseBody<TQuery>> {
  takeAnswers(requestId);
  return HttpResponse.json(cannotApplyBody(mock, query, reason), {
    status: 400,
    headers: { [TRACE_ID_HEADER]: newTraceId() },
  });
}

function isFilled(value: string | null | undefined): value is string {
  return typeof value === 'string' && value !== '';
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
