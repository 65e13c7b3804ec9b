import { HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { PyxisClient, PyxisRequestError } from '../../src/index.js';
import { anImage, answerAll, aRepository, page, pyxisApi, useMswServer } from '../helpers/msw.js';

const server = useMswServer();
const pyxis = new PyxisClient();

/** Answers every `find_*` query with one page holding `items`, and records the requests. */
function onePage(field: string, items: unknown[]) {
  const answer = answerAll(() => ({ [field]: page(items, 0, 50, items.length) }));
  server.use(answer.handler);
  return answer.seen;
}

describe('PyxisClient methods', () => {
  test('ping resolves to get_ping', async () => {
    server.use(answerAll(() => ({ get_ping: 'pong' })).handler);
    await expect(pyxis.ping()).resolves.toBe('pong');
  });

  test('getRepositoryByPath sends the registry path and resolves to the repository', async () => {
    const { handler, seen } = answerAll(({ variables }) => ({
      get_repository_by_registry_path: {
        error: null,
        data: aRepository(String(variables.registry), String(variables.repository)),
      },
    }));
    server.use(handler);
    const repo = await pyxis.getRepositoryByPath({
      registry: 'registry.access.redhat.com',
      repository: 'ubi9',
    });
    expect(repo).toEqual(aRepository('registry.access.redhat.com', 'ubi9'));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.operationName).toBe('GetRepositoryByRegistryPath');
    expect(seen[0]?.variables).toEqual({ registry: 'registry.access.redhat.com', repository: 'ubi9' });
  });

  test('getRepositoryByPath resolves to null when Pyxis answers 404', async () => {
    server.use(
      answerAll(() => ({
        get_repository_by_registry_path: { error: { status: 404, detail: 'Not found' }, data: null },
      })).handler,
    );
    await expect(pyxis.getRepositoryByPath({ registry: 'r', repository: 'missing' })).resolves.toBeNull();
  });

  test('any other Pyxis error status rejects with PyxisRequestError carrying status, detail and trace id', async () => {
    server.use(
      pyxisApi.query('GetRepositoryByRegistryPath', () =>
        HttpResponse.json(
          {
            data: {
              get_repository_by_registry_path: {
                error: { status: 500, detail: 'Database down' },
                data: null,
              },
            },
          },
          { headers: { trace_id: 'trace-123' } },
        ),
      ),
    );
    const error = await pyxis
      .getRepositoryByPath({ registry: 'r', repository: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisRequestError);
    expect(error).toMatchObject({ status: 500, detail: 'Database down', traceId: 'trace-123' });
    expect((error as Error).message).toContain('Database down');
  });

  test('findRepositories asks for Red Hat repositories and honours every filter, published: false included', async () => {
    const seen = onePage('find_repositories', [aRepository('r', 'a')]);
    const repos = await pyxis.findRepositories({
      published: false,
      releaseCategories: ['Generally Available'],
      autoRebuildTags: ['latest'],
    });
    expect(repos).toEqual([aRepository('r', 'a')]);
    expect(seen[0]?.variables.filter).toEqual({
      and: [
        { vendor_label: { eq: 'redhat' } },
        { published: { eq: false } },
        { release_categories: { in: ['Generally Available'] } },
        { auto_rebuild_tags: { in: ['latest'] } },
      ],
    });
  });

  test('findRepositories without filters asks only for Red Hat repositories', async () => {
    const seen = onePage('find_repositories', []);
    await expect(pyxis.findRepositories()).resolves.toEqual([]);
    expect(seen[0]?.variables.filter).toEqual({ and: [{ vendor_label: { eq: 'redhat' } }] });
  });

  test('findRepositoriesByRepositoryName filters on the name and the Red Hat vendor', async () => {
    const seen = onePage('find_repositories', [aRepository('r', 'ubi9')]);
    await expect(pyxis.findRepositoriesByRepositoryName('ubi9')).resolves.toHaveLength(1);
    expect(seen[0]?.variables.filter).toEqual({
      and: [{ repository: { eq: 'ubi9' } }, { vendor_label: { eq: 'redhat' } }],
    });
  });

  test('findRepositoriesByRegistryPaths asks for all paths in one request', async () => {
    const seen = onePage('find_repositories', [aRepository('a', '1'), aRepository('b', '2')]);
    const paths = [
      { registry: 'a', repository: '1' },
      { registry: 'b', repository: '2' },
    ];
    await expect(pyxis.findRepositoriesByRegistryPaths(paths)).resolves.toHaveLength(2);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.variables.filter).toEqual({
      or: [
        { and: [{ registry: { eq: 'a' } }, { repository: { eq: '1' } }] },
        { and: [{ registry: { eq: 'b' } }, { repository: { eq: '2' } }] },
      ],
    });
  });

  test('findImagesByNvr includes rpm manifests unless includeRpms is false', async () => {
    const seen = onePage('find_images_by_nvr', [anImage('ubi9-9.4-1')]);
    const [image] = await pyxis.findImagesByNvr('ubi9-9.4-1');
    expect(image?.brew?.build).toBe('ubi9-9.4-1');
    await pyxis.findImagesByNvr('ubi9-9.4-1', { includeRpms: false });
    expect(seen.map((request) => request.variables)).toEqual([
      { nvr: 'ubi9-9.4-1', includeRpms: true, page: 0, page_size: 50 },
      { nvr: 'ubi9-9.4-1', includeRpms: false, page: 0, page_size: 50 },
    ]);
  });

  test('findImagesByNvrs filters on the brew builds', async () => {
    const seen = onePage('find_images', [anImage('a-1-1'), anImage('b-1-1')]);
    await expect(pyxis.findImagesByNvrs(['a-1-1', 'b-1-1'], { includeRpms: false })).resolves.toHaveLength(2);
    expect(seen[0]?.variables).toMatchObject({
      filter: { brew: { build: { in: ['a-1-1', 'b-1-1'] } } },
      includeRpms: false,
    });
  });

  test('findImagesByInstalledRpms keeps only the rpms asked for and reads small pages', async () => {
    const seen = onePage('find_images', [anImage('a-1-1', ['openssl', 'glibc', 'bash'])]);
    const [image] = await pyxis.findImagesByInstalledRpms(['openssl', 'bash'], {
      contentSets: ['cs1'],
      repositories: ['ubi9'],
      published: true,
      tags: ['latest'],
    });
    expect(image?.edges?.rpm_manifest?.data?.rpms?.map((rpm) => rpm?.name)).toEqual(['openssl', 'bash']);
    expect(seen[0]?.variables).toMatchObject({ page_size: 10, includeRpms: true });
    expect(seen[0]?.variables.filter).toEqual({
      and: [
        {
          repositories_elemMatch: {
            and: [
              { published: { eq: true } },
              { repository: { in: ['ubi9'] } },
              { tags_elemMatch: { and: [{ name: { in: ['latest'] } }] } },
            ],
          },
        },
        { content_sets: { in: ['cs1'] } },
        { rpm_manifest: { rpms: { name: { in: ['openssl', 'bash'] } } } },
      ],
    });
  });

  test('findImagesByNames asks for published images without rpm manifests', async () => {
    const seen = onePage('find_images', []);
    await pyxis.findImagesByNames(['ubi9', 'ubi8']);
    expect(seen[0]?.variables).toMatchObject({
      includeRpms: false,
      filter: {
        and: [
          { brew: { package: { in: ['ubi9', 'ubi8'] } } },
          { repositories_elemMatch: { and: [{ published: { eq: true } }] } },
        ],
      },
    });
  });

  test('findImagesByRepository filters on the repository, publication and auto-rebuild tags', async () => {
    const seen = onePage('find_images', []);
    await pyxis.findImagesByRepository('ubi9', { autoRebuildTags: ['latest'] });
    expect(seen[0]?.variables.filter).toEqual({
      and: [
        { repositories: { repository: { eq: 'ubi9' } } },
        { repositories: { published: { eq: true } } },
        { repositories: { tags: { name: { in: ['latest'] } } } },
      ],
    });
  });

  test('findImagesByNameVersion matches name-version-* with the name and version taken literally', async () => {
    const seen = onePage('find_images', []);
    await pyxis.findImagesByNameVersion('ubi9-container', '9.4', { published: true, contentSets: ['cs'] });
    expect(seen[0]?.variables.filter).toEqual({
      and: [
        { brew: { package: { eq: 'ubi9-container' } } },
        { brew: { build: { regex: '^ubi9-container-9\\.4-.*' } } },
        { content_sets: { in: ['cs'] } },
        { repositories_elemMatch: { and: [{ published: { eq: true } }] } },
      ],
    });
  });

  test('request sends any document, typed or a string, and resolves to its data', async () => {
    const { handler, seen } = answerAll(() => ({ get_ping: 'pong' }));
    server.use(handler);
    await expect(
      pyxis.request<{ get_ping: string }, Record<string, never>>('query Custom { get_ping }'),
    ).resolves.toEqual({
      get_ping: 'pong',
    });
    expect(seen[0]?.operationName).toBe('Custom');
  });
});

describe('invalid arguments', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      'empty registry',
      () => pyxis.getRepositoryByPath({ registry: '', repository: 'x' }),
      /"registry" must be a non-empty string, got the string ""/,
    ],
    ['missing path', () => pyxis.getRepositoryByPath(undefined as never), /"path" must be an object/],
    [
      'non-string nvr',
      () => pyxis.findImagesByNvr(42 as never),
      /"nvr" must be a non-empty string, got the number 42/,
    ],
    ['nvrs not an array', () => pyxis.findImagesByNvrs('a-1-1' as never), /"nvrs" must be an array/],
    [
      'empty name in a list',
      () => pyxis.findImagesByNames(['ok', '']),
      /"names\[1\]" must be a non-empty string/,
    ],
    [
      'non-boolean published',
      () => pyxis.findRepositories({ published: 'yes' as never }),
      /"published" must be a boolean/,
    ],
    ['no registry paths', () => pyxis.findRepositoriesByRegistryPaths([]), /"paths" must not be empty/],
    [
      'bad page size',
      () => pyxis.findImagesByNames(['a'], { pageSize: 0 }),
      /"pageSize" must be a positive integer/,
    ],
    ['empty GraphQL string', () => pyxis.request(' '), /"document" must not be an empty string/],
  ];

  test.each(cases)(
    '%s rejects with a TypeError naming the argument, before any request',
    async (_name, call, message) => {
      const { handler, seen } = answerAll(() => ({}));
      server.use(handler);
      const error = await (call() as Promise<unknown>).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(message);
      expect(seen).toHaveLength(0);
    },
  );
});
