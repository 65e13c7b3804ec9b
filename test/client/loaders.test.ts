// createLoaders: DataLoader's load / loadMany / prime / clear / clearAll over the client's own batching, in-flight
// sharing and cache, against the embedded server on loopback (its stats count what reached it).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createLoaders,
  InvalidOptionError,
  PyxisClient,
  type PyxisClientOptions,
  type PyxisRepository,
  type RegistryPath,
} from '../../src/index.js';
import { type PyxisServer, startPyxisServer } from '../../src/server/index.js';

let server: PyxisServer;
let paths: RegistryPath[];
let nvrs: string[];
const missing: RegistryPath = { registry: 'registry.access.redhat.com', repository: 'no/such' };

beforeAll(async () => {
  server = await startPyxisServer({ dataset: { seed: 5, repositories: 20, imagesPerRepository: 1 } });
  paths = server.dataset.repositoryPaths().slice(0, 5);
  nvrs = server.dataset.nvrs().slice(0, 3);
});
afterAll(() => server?.close());
beforeEach(() => {
  server.stats({ reset: true });
});

const loadersOf = (options: PyxisClientOptions = {}) =>
  createLoaders(new PyxisClient({ url: server.url, retries: 0, ...options }));
const fields = () => server.stats().rootFields;
const requests = () => server.stats().httpRequests;
const primed: PyxisRepository = {
  registry: 'r',
  repository: 'primed',
  published: false,
  release_categories: [],
  auto_rebuild_tags: [],
};

describe('createLoaders(pyxis)', () => {
  it('loads of one tick travel as one request when the client batches', async () => {
    const { repositoryByPath, imagesByNvr } = loadersOf({ batch: true });
    const [repositories, images] = await Promise.all([
      Promise.all([...paths, missing].map((path) => repositoryByPath.load(path))),
      Promise.all(nvrs.map((nvr) => imagesByNvr.load(nvr))),
    ]);
    expect(repositories.slice(0, 5).map((repository) => repository?.repository)).toEqual(
      paths.map((path) => path.repository),
    );
    expect(repositories[5]).toBeNull();
    expect(images.map((list) => list.map((image) => image.brew?.build))).toEqual(
      nvrs.map((nvr) => server.dataset.findImagesByNvr(nvr).map(() => nvr)),
    );
    expect(requests()).toBe(1);
    expect(fields()).toBe(9);
  });

  it('identical loads in flight share one request, batched or not', async () => {
    for (const batch of [false, true]) {
      server.stats({ reset: true });
      const { repositoryByPath } = loadersOf({ batch });
      const [first, second] = await Promise.all([
        repositoryByPath.load(paths[0] as RegistryPath),
        repositoryByPath.load({ ...(paths[0] as RegistryPath) }),
      ]);
      expect(second).toBe(first);
      expect(fields()).toBe(1);
    }
  });

  it('keeps loaded values in the client cache, until clear(key) or clearAll()', async () => {
    const { repositoryByPath, imagesByNvr } = loadersOf({ batch: true, cache: { ttlMs: 60_000, max: 100 } });
    const path = paths[0] as RegistryPath;
    const nvr = nvrs[0] as string;
    const first = await repositoryByPath.load(path);
    expect(await repositoryByPath.load(path)).toBe(first);
    expect(fields()).toBe(1);

    repositoryByPath.clear(path);
    expect(await repositoryByPath.load(path)).toEqual(first);
    expect(fields()).toBe(2);

    await Promise.all([repositoryByPath.load(paths[1] as RegistryPath), imagesByNvr.load(nvr)]);
    expect(fields()).toBe(4);
    repositoryByPath.clearAll(); // only the repositories: the images stay cached
    await Promise.all([repositoryByPath.load(path), repositoryByPath.load(paths[1] as RegistryPath)]);
    await imagesByNvr.load(nvr);
    expect(fields()).toBe(6);
  });

  it('serves a primed value without a request, and primes nothing over a value it has', async () => {
    for (const cache of [undefined, { ttlMs: 60_000, max: 100 }]) {
      server.stats({ reset: true });
      const { repositoryByPath } = loadersOf(cache ? { cache } : {});
      const path = paths[2] as RegistryPath;
      expect(repositoryByPath.prime(path, primed)).toBe(repositoryByPath);
      expect(await repositoryByPath.load(path)).toBe(primed);
      repositoryByPath.prime(path, { ...primed, repository: 'other' });
      expect(await repositoryByPath.load(path)).toBe(primed);
      expect(requests()).toBe(0);
      const fresh = { ...primed, repository: 'fresh' };
      expect(await repositoryByPath.clear(path).prime(path, fresh).load(path)).toBe(fresh);
      repositoryByPath.clear(path);
      expect((await repositoryByPath.load(path))?.repository).toBe(path.repository);
      expect(requests()).toBe(1);
    }
  });

  it('a value cleared while its request is in flight is asked for again, and not cached', async () => {
    const { repositoryByPath } = loadersOf({ cache: { ttlMs: 60_000, max: 100 } });
    const path = paths[3] as RegistryPath;
    const first = repositoryByPath.load(path);
    repositoryByPath.clear(path);
    await first;
    await repositoryByPath.load(path); // the value of the request cleared in flight was not kept
    expect(fields()).toBe(2);
    const third = repositoryByPath.clear(path).load(path);
    repositoryByPath.clear(path);
    const fourth = repositoryByPath.load(path); // does not join the request cleared in flight
    await Promise.all([third, fourth]);
    await repositoryByPath.load(path); // cached: the fourth request's value
    expect(fields()).toBe(4);
  });

  it('clearAll() forgets loads in flight too, paged ones included (their kind carries the paging caps)', async () => {
    const { imagesByNvr, repositoryByPath } = loadersOf({ cache: { ttlMs: 60_000, max: 100 } });
    const nvr = nvrs[1] as string;
    const path = paths[4] as RegistryPath;
    const inFlight = [imagesByNvr.load(nvr), repositoryByPath.load(path)];
    imagesByNvr.clearAll();
    const again = imagesByNvr.load(nvr); // does not join the load cleared in flight
    const joined = repositoryByPath.load(path); // another loader's load in flight stays shared
    await Promise.all([...inFlight, again, joined]);
    expect(fields()).toBe(3);
    await Promise.all([imagesByNvr.load(nvr), repositoryByPath.load(path)]); // both cached now
    expect(fields()).toBe(3);
  });

  it('loadMany gives each key its value, or its Error in place', async () => {
    const { repositoryByPath, imagesByNvr } = loadersOf({ batch: true });
    const results = await repositoryByPath.loadMany([
      paths[0] as RegistryPath,
      { registry: '', repository: 'x' },
      missing,
    ]);
    expect((results[0] as PyxisRepository).repository).toBe(paths[0]?.repository);
    expect(results[1]).toBeInstanceOf(TypeError);
    expect((results[1] as Error).message).toContain('"registry" must be a non-empty string');
    expect(results[2]).toBeNull();
    expect(await imagesByNvr.loadMany(['no-such-1-1'])).toEqual([[]]);
    await expect(repositoryByPath.loadMany('nope' as never)).rejects.toThrow(TypeError);
  });

  it('imagesByNvr reads rpm manifests unless includeRpms is false', async () => {
    const pyxis = new PyxisClient({ url: server.url, retries: 0 });
    const nvr = nvrs[1] as string;
    const [withRpms] = await createLoaders(pyxis).imagesByNvr.load(nvr);
    const [without] = await createLoaders(pyxis, { includeRpms: false }).imagesByNvr.load(nvr);
    expect(withRpms?.edges?.rpm_manifest?.data?.rpms?.length).toBeGreaterThan(0);
    expect(without?.edges).toBeUndefined();
  });

  it('refuses what is not a client, and bad options, with InvalidOptionError', () => {
    const pyxis = new PyxisClient({ url: server.url });
    expect(() => createLoaders({} as PyxisClient)).toThrow(InvalidOptionError);
    expect(() => createLoaders(pyxis, { includeRpms: 'yes' as never })).toThrow(
      'Expected the `includeRpms` option to be a boolean, got the string "yes"',
    );
    expect(() => createLoaders(pyxis, { includeRPMs: true } as never)).toThrow(
      'Unknown option `includeRPMs` in createLoaders options (did you mean `includeRpms`?)',
    );
    expect(() => createLoaders(pyxis).repositoryByPath.prime({} as RegistryPath, primed)).toThrow(TypeError);
  });
});
