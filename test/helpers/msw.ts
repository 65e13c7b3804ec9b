import { graphql, HttpResponse, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { DEFAULT_PYXIS_URL } from '../../src/index.js';

/** An MSW server for the file's tests: unhandled requests are errors, handlers reset after each test. */
export function useMswServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

export const pyxisApi = graphql.link(DEFAULT_PYXIS_URL);

/** A request as a handler saw it, for assertions about what the client sent. */
export interface SeenRequest {
  operationName: string;
  variables: Record<string, unknown>;
  headers: Headers;
}

/** Answers every query with `answer(variables)` as its `data`, and records what was sent. */
export function answerAll(
  answer: (seen: SeenRequest) => Record<string, unknown>,
  headers: Record<string, string> = {},
): { handler: RequestHandler; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const handler = pyxisApi.query(/.*/, ({ operationName, variables, request }) => {
    const request_ = { operationName, variables, headers: request.headers };
    seen.push(request_);
    return HttpResponse.json({ data: answer(request_) }, { headers });
  });
  return { handler, seen };
}

/** A page of a `find_*` wrapper. */
export function page<T>(items: T[], page_: number, pageSize: number, total: number) {
  return { error: null, page: page_, page_size: pageSize, total, data: items };
}

export function aRepository(registry: string, repository: string) {
  return {
    registry,
    repository,
    published: true,
    auto_rebuild_tags: ['latest'],
    release_categories: ['Generally Available'],
  };
}

export function anImage(build: string, rpms: string[] = ['openssl', 'glibc']) {
  return {
    _id: `id-${build}`,
    architecture: 'amd64',
    brew: { build, package: build.split('-')[0], completion_date: '2024-01-01T00:00:00+00:00' },
    content_sets: ['rhel-9-for-x86_64-baseos-rpms'],
    parent_brew_build: null,
    parsed_data: { labels: [{ name: 'name', value: build }] },
    repositories: [
      {
        registry: 'registry.access.redhat.com',
        repository: 'ubi9',
        published: true,
        push_date: null,
        tags: [{ name: 'latest' }],
      },
    ],
    edges: {
      rpm_manifest: {
        data: {
          image_id: `id-${build}`,
          rpms: rpms.map((name) => ({
            name,
            nvra: `${name}-1.0-1.x86_64`,
            srpm_name: name,
            srpm_nevra: `${name}-0:1.0-1.src`,
          })),
        },
      },
    },
  };
}
