import { describe, expect, it } from 'vitest';
import { createDataset, DEFAULT_DATASET_OPTIONS, PyxisDataset } from '../../src/server/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';

const small = { repositories: 120, imagesPerRepository: 3 };

describe('createDataset', () => {
  it('gives the same data for the same seed', () => {
    expect(JSON.stringify(createDataset({ seed: 7, ...small }))).toBe(
      JSON.stringify(createDataset({ seed: 7, ...small })),
    );
    const a = createDataset({ seed: 7, ...small });
    const b = createDataset({ seed: 7, ...small });
    expect(a.repositories).toEqual(b.repositories);
    expect(a.images).toEqual(b.images);
  });

  it('gives different data for another seed', () => {
    const a = createDataset({ seed: 7, ...small });
    const b = createDataset({ seed: 8, ...small });
    expect(a.repositoryPaths()).not.toEqual(b.repositoryPaths());
    expect(a.nvrs()).not.toEqual(b.nvrs());
  });

  it('makes as many repositories as asked, with unique registry paths', () => {
    const dataset = createDataset({ seed: 3, ...small });
    expect(dataset.repositories).toHaveLength(120);
    const keys = dataset.repositoryPaths().map(({ registry, repository }) => `${registry}/${repository}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('defaults to a few thousand repositories and images', () => {
    const dataset = createDataset();
    expect(dataset.repositories).toHaveLength(DEFAULT_DATASET_OPTIONS.repositories);
    expect(dataset.repositories.length).toBeGreaterThanOrEqual(1000);
    expect(dataset.images.length).toBeGreaterThanOrEqual(1000);
  });

  it('gives every non-mirror repository imagesPerRepository images, and mirrors share the original images', () => {
    const dataset = createDataset({ seed: 5, ...small });
    const mirrors = dataset.repositories.filter((repo) => repo.registry === 'quay.io');
    const originals = dataset.repositories.length - mirrors.length;
    expect(mirrors.length).toBeGreaterThan(0);
    expect(dataset.images).toHaveLength(originals * 3);
    for (const mirror of mirrors) {
      const images = dataset.images.filter((image) =>
        image.repositories.some(
          (entry) => entry.registry === 'quay.io' && entry.repository === mirror.repository,
        ),
      );
      expect(images).toHaveLength(3);
      for (const image of images)
        expect(image.repositories.map((entry) => entry.repository)).toContain(mirror.repository);
    }
  });

  it('makes mostly Red Hat repositories, some from partners, in several registries', () => {
    const dataset = createDataset({ seed: 2, repositories: 400, imagesPerRepository: 1 });
    const redHat = dataset.repositories.filter((repo) => repo.vendor_label === 'redhat').length;
    expect(redHat / dataset.repositories.length).toBeGreaterThan(0.7);
    expect(redHat).toBeLessThan(dataset.repositories.length);
    expect(new Set(dataset.repositories.map((repo) => repo.registry))).toEqual(
      new Set(['registry.access.redhat.com', 'registry.connect.redhat.com', 'quay.io']),
    );
    expect(dataset.repositories.some((repo) => !repo.published)).toBe(true);
    expect(dataset.repositories.some((repo) => repo.auto_rebuild_tags.length === 0)).toBe(true);
  });

  it('names each build name-version-release after its package, one image per architecture', () => {
    const dataset = createDataset({ seed: 4, ...small });
    for (const image of dataset.images) {
      expect(image.brew.build.startsWith(`${image.brew.package}-`)).toBe(true);
      expect(image.brew.build).toMatch(/^.+-\d+\.\d+-\d+$/);
      expect(image.brew.nvra).toMatch(/\.(x86_64|aarch64|ppc64le|s390x)$/);
      expect(image.brew.nvra.startsWith(`${image.brew.build}.`)).toBe(true);
    }
    for (const nvr of dataset.nvrs()) {
      const architectures = dataset.findImagesByNvr(nvr).map((image) => image.architecture);
      expect(new Set(architectures).size).toBe(architectures.length);
    }
  });

  it('gives images tags, content sets, labels and rpm manifests of a few to a few dozen rpms', () => {
    const dataset = createDataset({ seed: 4, ...small });
    for (const image of dataset.images) {
      const rpms = image.edges.rpm_manifest.data?.rpms ?? [];
      expect(rpms.length).toBeGreaterThanOrEqual(5);
      expect(rpms.length).toBeLessThanOrEqual(60);
      expect(rpms.map((rpm) => rpm.name)).toContain('glibc');
      expect(image.content_sets.length).toBeGreaterThan(0);
      expect(image.repositories[0]?.tags.length).toBeGreaterThan(0);
      expect(image.parsed_data.labels.find((label) => label.name === 'com.redhat.component')?.value).toBe(
        image.brew.package,
      );
    }
    expect(dataset.rpmNames()).toEqual(expect.arrayContaining(['glibc', 'openssl-libs', 'bash']));
  });

  it('tags the newest build of each repository latest', () => {
    const dataset = createDataset({ seed: 6, ...small });
    for (const repo of dataset.repositories.filter((r) => r.registry !== 'quay.io')) {
      const latest = dataset.images.filter((image) =>
        image.repositories.some(
          (entry) => entry.repository === repo.repository && entry.tags.some((tag) => tag.name === 'latest'),
        ),
      );
      expect(new Set(latest.map((image) => image.brew.build)).size).toBe(1);
    }
  });

  it('rejects bad options with an InvalidOptionError naming them', () => {
    expect(() => createDataset({ repositories: -1 })).toThrow(InvalidOptionError);
    expect(() => createDataset({ repositories: -1 })).toThrow(
      'Expected the `repositories` option to be a non-negative integer, got the number -1',
    );
    expect(() => createDataset({ imagesPerRepository: 1.5 })).toThrow(InvalidOptionError);
    expect(() => createDataset({ seed: Number.NaN })).toThrow(InvalidOptionError);
    expect(() => createDataset({ seed: '7' as never })).toThrow('got the string "7"');
    expect(() => createDataset({ repositries: 5 } as never)).toThrow(
      'Unknown option `repositries` in dataset options (did you mean `repositories`?)',
    );
  });
});

describe('PyxisDataset', () => {
  const dataset = createDataset({ seed: 9, ...small });

  it('finds a repository by registry path', () => {
    for (const repo of dataset.repositories) {
      expect(dataset.findRepository(repo.registry, repo.repository)).toBe(repo);
    }
    expect(dataset.findRepository('registry.access.redhat.com', 'no/such-repo')).toBeUndefined();
  });

  it('finds the images of a build by NVR', () => {
    for (const nvr of dataset.nvrs()) {
      expect(dataset.findImagesByNvr(nvr)).toEqual(
        dataset.images.filter((image) => image.brew.build === nvr),
      );
    }
    expect(dataset.findImagesByNvr('nope-1-1')).toEqual([]);
  });

  it('lists every NVR once, and every rpm name sorted', () => {
    const nvrs = dataset.nvrs();
    expect(new Set(nvrs).size).toBe(nvrs.length);
    expect(new Set(nvrs)).toEqual(new Set(dataset.images.map((image) => image.brew.build)));
    const names = dataset.rpmNames();
    expect(names).toEqual([...names].sort());
    expect(new Set(names)).toEqual(
      new Set(
        dataset.images.flatMap((image) => image.edges.rpm_manifest.data?.rpms.map((rpm) => rpm.name) ?? []),
      ),
    );
  });

  it('can be made from records of your own', () => {
    const own = new PyxisDataset({ repositories: dataset.repositories.slice(0, 2), images: [] });
    expect(own.repositoryPaths()).toEqual(dataset.repositoryPaths().slice(0, 2));
    expect(own.nvrs()).toEqual([]);
  });
});
