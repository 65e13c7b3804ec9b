// Every operation the client ships, answered by the embedded server, compared with the dataset it serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PyxisClient } from '../../src/index.js';
import {
  createDataset,
  type ImageRecord,
  type PyxisServer,
  startPyxisServer,
} from '../../src/server/index.js';
import { aliasedRepositoryDocument, imageFields, repositoryFields, rpmNamesOf } from './expected.js';

const dataset = createDataset({ seed: 11, repositories: 300, imagesPerRepository: 3 });
let server: PyxisServer;
let client: PyxisClient;

beforeAll(async () => {
  server = await startPyxisServer({ dataset });
  client = new PyxisClient({ url: server.url });
});

afterAll(async () => {
  await server.close();
});

const noRpms = { includeRpms: false };
const withRpms = { includeRpms: true };
const redHat = dataset.repositories.filter((repo) => repo.vendor_label === 'redhat');
const mirrored = dataset.repositories.find((repo) => repo.registry === 'quay.io');

describe('embedded server operations', () => {
  it('answers ping', async () => {
    expect(await client.ping()).toBe('pong');
  });

  it('finds a repository by registry path', async () => {
    for (const record of dataset.repositories.slice(0, 20)) {
      const found = await client.getRepositoryByPath({
        registry: record.registry,
        repository: record.repository,
      });
      expect(found).toEqual(repositoryFields(record));
    }
  });

  it('answers a missing repository with Pyxis 404, which the client reads as null', async () => {
    const path = { registry: 'registry.access.redhat.com', repository: 'no/such-repository' };
    expect(await client.getRepositoryByPath(path)).toBeNull();
    const raw = await client.request<Record<string, unknown>, Record<string, unknown>>(
      'query ($registry: String, $repository: String) { get_repository_by_registry_path(registry: $registry, repository: $repository) { data { repository } error { status detail } } }',
      path,
    );
    expect(raw).toEqual({
      get_repository_by_registry_path: {
        data: null,
        error: { status: 404, detail: expect.stringContaining('no/such-repository') },
      },
    });
  });

  it('finds Red Hat repositories by published flag, release category and auto-rebuild tag', async () => {
    expect(await client.findRepositories({ published: true })).toEqual(
      redHat.filter((repo) => repo.published).map(repositoryFields),
    );
    expect(
      await client.findRepositories({ published: false, releaseCategories: ['Deprecated', 'Beta'] }),
    ).toEqual(
      redHat
        .filter(
          (repo) =>
            !repo.published && repo.release_categories.some((c) => c === 'Deprecated' || c === 'Beta'),
        )
        .map(repositoryFields),
    );
    const tagged = redHat.filter((repo) => repo.auto_rebuild_tags.length > 1);
    const tag = tagged[0]?.auto_rebuild_tags[1] as string;
    const expected = redHat.filter((repo) => repo.auto_rebuild_tags.includes(tag));
    expect(expected.length).toBeGreaterThan(0);
    expect(await client.findRepositories({ autoRebuildTags: [tag] })).toEqual(expected.map(repositoryFields));
  });

  it('finds Red Hat repositories by repository name, in every registry', async () => {
    expect(mirrored).toBeDefined();
    const name = mirrored?.repository as string;
    const found = await client.findRepositoriesByRepositoryName(name);
    expect(found.map((repo) => repo.registry).sort()).toEqual(['quay.io', 'registry.access.redhat.com']);
    expect(found).toEqual(redHat.filter((repo) => repo.repository === name).map(repositoryFields));
  });

  it('finds repositories by registry paths, missing ones left out', async () => {
    const paths = dataset.repositoryPaths().slice(10, 17);
    const found = await client.findRepositoriesByRegistryPaths([
      ...paths,
      { registry: 'registry.access.redhat.com', repository: 'no/such-repository' },
    ]);
    expect(found).toEqual(dataset.repositories.slice(10, 17).map(repositoryFields));
  });

  it('finds the images of a build by NVR, with or without rpm manifests', async () => {
    const multiArch = dataset.nvrs().find((nvr) => dataset.findImagesByNvr(nvr).length > 1) as string;
    const records = dataset.findImagesByNvr(multiArch);
    expect(await client.findImagesByNvr(multiArch, withRpms)).toEqual(
      records.map((r) => imageFields(r, withRpms)),
    );
    const without = await client.findImagesByNvr(multiArch, noRpms);
    expect(without).toEqual(records.map((r) => imageFields(r, noRpms)));
    expect(without[0]).not.toHaveProperty('edges');
    expect(await client.findImagesByNvr('no-such-build-1-1')).toEqual([]);
  });

  it('finds the images of several builds', async () => {
    const nvrs = dataset.nvrs().slice(5, 12);
    const expected = dataset.images.filter((image) => nvrs.includes(image.brew.build));
    expect(await client.findImagesByNvrs(nvrs, noRpms)).toEqual(expected.map((r) => imageFields(r, noRpms)));
  });

  it('finds images by installed rpms', async () => {
    const expected = dataset.images.filter((image) => rpmNamesOf(image).includes('openssl'));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(dataset.images.length);
    const found = await client.findImagesByInstalledRpms(['openssl']);
    expect(found.map((image) => image._id)).toEqual(expected.map((image) => image._id));
    // The client keeps only the rpms asked for.
    for (const image of found)
      expect(image.edges?.rpm_manifest?.data?.rpms?.map((rpm) => rpm?.name)).toEqual(['openssl']);
  });

  it('finds images by installed rpms within repositories, tags, content sets and published state', async () => {
    const target = dataset.images.find(
      (image) => rpmNamesOf(image).includes('curl') && image.repositories[0]?.published === true,
    ) as ImageRecord;
    const entry = target.repositories[0] as ImageRecord['repositories'][number];
    const options = {
      repositories: [entry.repository, 'rhel9/other'],
      tags: [entry.tags[0]?.name as string, 'nope'],
      contentSets: [target.content_sets[0] as string],
      published: true,
    };
    const expected = dataset.images.filter(
      (image) =>
        rpmNamesOf(image).includes('curl') &&
        image.content_sets.some((set) => options.contentSets.includes(set)) &&
        image.repositories.some(
          (repo) =>
            repo.published === true &&
            options.repositories.includes(repo.repository) &&
            repo.tags.some((tag) => options.tags.includes(tag.name)),
        ),
    );
    expect(expected.map((image) => image._id)).toContain(target._id);
    const found = await client.findImagesByInstalledRpms(['curl'], options);
    expect(found.map((image) => image._id)).toEqual(expected.map((image) => image._id));
  });

  it('finds published images by package names', async () => {
    const unpublished = dataset.images.find((image) => image.repositories.every((repo) => !repo.published));
    expect(unpublished).toBeDefined();
    const packages = [
      ...new Set([
        ...dataset.images.slice(0, 40).map((image) => image.brew.package),
        unpublished?.brew.package as string,
      ]),
    ];
    const expected = dataset.images.filter(
      (image) => packages.includes(image.brew.package) && image.repositories.some((repo) => repo.published),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.map((image) => image._id)).not.toContain(unpublished?._id);
    expect(await client.findImagesByNames(packages)).toEqual(expected.map((r) => imageFields(r, noRpms)));
  });

  it('finds published images of a repository, optionally by auto-rebuild tags', async () => {
    const repo = dataset.repositories.find(
      (r) => r.published && r.registry !== 'quay.io',
    ) as (typeof dataset.repositories)[number];
    const inRepo = dataset.images.filter((image) =>
      image.repositories.some((entry) => entry.repository === repo.repository),
    );
    expect(await client.findImagesByRepository(repo.repository)).toEqual(
      inRepo.map((r) => imageFields(r, noRpms)),
    );
    const latest = inRepo.filter((image) =>
      image.repositories.some((entry) => entry.tags.some((tag) => tag.name === 'latest')),
    );
    expect(latest.length).toBeGreaterThan(0);
    expect(latest.length).toBeLessThan(inRepo.length);
    expect(await client.findImagesByRepository(repo.repository, { autoRebuildTags: ['latest'] })).toEqual(
      latest.map((r) => imageFields(r, noRpms)),
    );
  });

  it('finds images by package name and version, the version matched literally', async () => {
    const image = dataset.images[0] as ImageRecord;
    const name = image.brew.package;
    const version = image.brew.build.slice(name.length + 1).split('-')[0] as string;
    expect(version).toMatch(/^\d+\.\d+$/);
    const expected = dataset.images.filter(
      (i) => i.brew.package === name && i.brew.build.startsWith(`${name}-${version}-`),
    );
    expect(await client.findImagesByNameVersion(name, version)).toEqual(
      expected.map((r) => imageFields(r, withRpms)),
    );
    // A dot in the version is not a regex wildcard.
    expect(await client.findImagesByNameVersion(name, version.replace('.', 'x'))).toEqual([]);
    const published = await client.findImagesByNameVersion(name, version, {
      published: false,
      contentSets: ['nope'],
    });
    expect(published).toEqual([]);
  });

  it('tells _elemMatch (one element) from a list filter (any elements)', async () => {
    const query = `query ($filter: ContainerImageFilter) {
      find_images(filter: $filter, page_size: 500) { total data { _id } }
    }`;
    type Answer = { find_images: { total: number; data: { _id: string }[] } };
    const sameEntry = await client.request<Answer, Record<string, unknown>>(query, {
      filter: {
        repositories_elemMatch: { and: [{ registry: { eq: 'quay.io' } }, { published: { eq: false } }] },
      },
    });
    const anyEntries = await client.request<Answer, Record<string, unknown>>(query, {
      filter: { repositories: { registry: { eq: 'quay.io' }, published: { eq: false } } },
    });
    const expectedSame = dataset.images.filter((image) =>
      image.repositories.some((repo) => repo.registry === 'quay.io' && !repo.published),
    );
    const expectedAny = dataset.images.filter(
      (image) =>
        image.repositories.some((repo) => repo.registry === 'quay.io') &&
        image.repositories.some((repo) => !repo.published),
    );
    expect(expectedAny.length).toBeGreaterThan(expectedSame.length);
    expect(sameEntry.find_images.data.map((image) => image._id)).toEqual(
      expectedSame.map((image) => image._id),
    );
    expect(anyEntries.find_images.data.map((image) => image._id)).toEqual(
      expectedAny.map((image) => image._id),
    );
    expect(anyEntries.find_images.total).toBe(expectedAny.length);
  });

  it('evaluates or, nor and not in filters sent as literals', async () => {
    const data = await client.request<
      { find_repositories: { data: { repository: string }[] } },
      Record<string, unknown>
    >(
      `{ find_repositories(page_size: 500, filter: {
          or: [{ registry: { eq: "quay.io" } }, { vendor_label: { in: ["nvidia", "ibm"] } }],
          nor: [{ published: { eq: false } }],
          not: { release_categories: { eq: "Deprecated" } }
        }) { data { repository } } }`,
    );
    const expected = dataset.repositories.filter(
      (repo) =>
        (repo.registry === 'quay.io' || repo.vendor_label === 'nvidia' || repo.vendor_label === 'ibm') &&
        repo.published &&
        !repo.release_categories.includes('Deprecated'),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(data.find_repositories.data.map((repo) => repo.repository)).toEqual(
      expected.map((repo) => repo.repository),
    );
  });

  it('pages through results: several small pages give the same items as one big page', async () => {
    const big = await client.findRepositories({ published: true }, { pageSize: 500 });
    const small = await client.findRepositories({ published: true }, { pageSize: 7 });
    expect(small.length).toBeGreaterThan(7 * 3);
    expect(small).toEqual(big);
    const nvr = dataset.nvrs().find((n) => dataset.findImagesByNvr(n).length >= 3) as string;
    expect(await client.findImagesByNvr(nvr, { pageSize: 1, includeRpms: false })).toEqual(
      await client.findImagesByNvr(nvr, { pageSize: 50, includeRpms: false }),
    );
  });

  it('answers an aliased document with many root fields, each with its own variables', async () => {
    const paths = dataset.repositoryPaths().slice(0, 50);
    const variables: Record<string, string> = {};
    paths.forEach((path, i) => {
      variables[`registry${i}`] = path.registry;
      variables[`repository${i}`] = path.repository;
    });
    variables.repository49 = 'no/such-repository';
    const data = await client.request<
      Record<string, { data: unknown; error: unknown }>,
      Record<string, string>
    >(aliasedRepositoryDocument(50), variables);
    for (let i = 0; i < 49; i++) {
      const path = paths[i] as (typeof paths)[number];
      const record = dataset.findRepository(path.registry, path.repository);
      expect(data[`r${i}`]).toEqual({
        error: null,
        data: { registry: record?.registry, repository: record?.repository, published: record?.published },
      });
    }
    expect(data.r49).toEqual({ data: null, error: { status: 404, detail: expect.any(String) } });
  });

  it('reports bad arguments in the error field, as Pyxis does', async () => {
    const query = `query ($filter: ContainerImageFilter, $page: Int, $page_size: Int) {
      find_images(filter: $filter, page: $page, page_size: $page_size) { data { _id } error { status detail } }
    }`;
    type Answer = { find_images: unknown };
    const badRegex = await client.request<Answer, Record<string, unknown>>(query, {
      filter: { brew: { build: { regex: '(' } } },
    });
    expect(badRegex.find_images).toEqual({
      data: null,
      error: { status: 400, detail: expect.stringContaining('regular expression') },
    });
    const badPage = await client.request<Answer, Record<string, unknown>>(query, { page: -1 });
    expect(badPage.find_images).toEqual({
      data: null,
      error: { status: 400, detail: expect.stringContaining('page') },
    });
    const badPageSize = await client.request<Answer, Record<string, unknown>>(query, { page_size: 0 });
    expect(badPageSize.find_images).toEqual({
      data: null,
      error: { status: 400, detail: expect.stringContaining('page_size') },
    });
    expect(await client.request('{ find_images_by_nvr(nvr: "") { error { status detail } } }')).toEqual({
      find_images_by_nvr: { error: { status: 400, detail: 'nvr is required' } },
    });
    expect(
      await client.request('{ get_repository_by_registry_path(registry: "x") { error { status } } }'),
    ).toEqual({
      get_repository_by_registry_path: { error: { status: 400 } },
    });
  });

  it('applies a filter given to find_images_by_nvr too', async () => {
    const nvr = dataset.nvrs().find((n) => dataset.findImagesByNvr(n).length > 1) as string;
    const data = await client.request<
      { find_images_by_nvr: { data: { architecture: string }[] } },
      Record<string, unknown>
    >(
      'query ($nvr: String) { find_images_by_nvr(nvr: $nvr, filter: { architecture: { eq: "amd64" } }) { data { architecture } } }',
      { nvr },
    );
    expect(data.find_images_by_nvr.data).toEqual([{ architecture: 'amd64' }]);
  });

  it('clamps page_size to its maximum and reports the size it served', async () => {
    const data = await client.request<
      { find_repositories: { page: number; page_size: number; total: number; data: unknown[] } },
      Record<string, unknown>
    >(
      'query ($page_size: Int) { find_repositories(page_size: $page_size) { page page_size total data { repository } } }',
      { page_size: 100_000 },
    );
    expect(data.find_repositories.page_size).toBe(500);
    expect(data.find_repositories.total).toBe(dataset.repositories.length);
    expect(data.find_repositories.data).toHaveLength(Math.min(500, dataset.repositories.length));
  });

  it('applies page_size defaults and 0-based pages', async () => {
    const query =
      'query ($page: Int) { find_repositories(page: $page) { page page_size total data { repository } } }';
    const first = await client.request<
      { find_repositories: { page: number; page_size: number; data: { repository: string }[] } },
      Record<string, unknown>
    >(query, {});
    expect(first.find_repositories).toMatchObject({ page: 0, page_size: 50 });
    expect(first.find_repositories.data.map((r) => r.repository)).toEqual(
      dataset.repositories.slice(0, 50).map((r) => r.repository),
    );
    const second = await client.request<typeof first, Record<string, unknown>>(query, { page: 1 });
    expect(second.find_repositories.data.map((r) => r.repository)).toEqual(
      dataset.repositories.slice(50, 100).map((r) => r.repository),
    );
  });

  it('sorts by sort_by fields, ascending or descending', async () => {
    const query = `query ($sort: [SortBy]) {
      find_repositories(sort_by: $sort, page_size: 500) { data { registry repository } }
    }`;
    const sorted = await client.request<
      { find_repositories: { data: { registry: string; repository: string }[] } },
      Record<string, unknown>
    >(query, {
      sort: [
        { field: 'registry', order: 'DESC' },
        { field: 'repository', order: 'ASC' },
      ],
    });
    const expected = [...dataset.repositories]
      .sort((a, b) =>
        a.registry === b.registry
          ? a.repository < b.repository
            ? -1
            : a.repository > b.repository
              ? 1
              : 0
          : a.registry < b.registry
            ? 1
            : -1,
      )
      .map(({ registry, repository }) => ({ registry, repository }));
    expect(sorted.find_repositories.data).toEqual(expected);
  });
});
