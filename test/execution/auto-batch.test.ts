import { describe, expect, test, vi } from 'vitest';
import { PyxisClient } from '../../src/index.js';
import { endOfTurn, nextTurn } from '../helpers/async.js';
import { useServer } from '../helpers/server.js';

const server = useServer();
const dataset = () => server.current.dataset;

describe('auto-batching', () => {
  test('lookups of the same tick travel in ceil(N / maxSize) requests, with the same results as unbatched', async () => {
    const paths = dataset().repositoryPaths().slice(0, 120);
    const inputs = [...paths, { registry: 'registry.example.com', repository: 'missing' }];
    const plain = new PyxisClient({ url: server.current.url });
    const expected = await Promise.all(inputs.map((path) => plain.getRepositoryByPath(path)));
    const batched = new PyxisClient({ url: server.current.url, batch: { maxSize: 50 } });
    server.current.stats({ reset: true });
    const results = await Promise.all(inputs.map((path) => batched.getRepositoryByPath(path)));
    expect(results).toEqual(expected);
    expect(results.at(-1)).toBeNull();
    expect(server.current.stats()).toMatchObject({
      httpRequests: Math.ceil(inputs.length / 50),
      rootFields: inputs.length,
    });
  });

  test('a window collects lookups issued a little apart, and sends them when it closes', async () => {
    // Real timers: fake ones installed here would also catch the timer undici starts for its sockets, which then
    // never fires once real timers are back, and later tests of this file hang on their answers. The window is
    // long, so that only a stall of over a second between the two calls could close it early.
    const pyxis = new PyxisClient({ url: server.current.url, batch: { windowMs: 1_500 } });
    const [a, b] = dataset().repositoryPaths();
    server.current.stats({ reset: true });
    const first = pyxis.getRepositoryByPath(a as never);
    await nextTurn(); // issued a little apart: not in the same tick
    const second = pyxis.getRepositoryByPath(b as never);
    await endOfTurn();
    expect(server.current.stats().httpRequests).toBe(0); // the window is still open
    const found = await Promise.all([first, second]);
    expect(found.map((repository) => repository?.repository)).toEqual([a?.repository, b?.repository]);
    expect(server.current.stats()).toMatchObject({ httpRequests: 1, rootFields: 2 });
  });

  test("one caller's abort rejects that caller only", async () => {
    const pyxis = new PyxisClient({ url: server.current.url, batch: true });
    const [a, b] = dataset().repositoryPaths();
    const controller = new AbortController();
    const reason = new Error('not needed any more');
    const abandoned = pyxis.getRepositoryByPath(a as never, { signal: controller.signal });
    const kept = pyxis.getRepositoryByPath(b as never);
    controller.abort(reason);
    await expect(abandoned).rejects.toBe(reason);
    expect((await kept)?.repository).toBe(b?.repository);
  });

  test('a batch whose every caller gave up before it left is not sent', async () => {
    const pyxis = new PyxisClient({ url: server.current.url, batch: true });
    const [a, b] = dataset().repositoryPaths();
    const controller = new AbortController();
    const reason = new Error('not needed any more');
    server.current.stats({ reset: true });
    const calls = [a, b].map((path) =>
      pyxis.getRepositoryByPath(path as never, { signal: controller.signal }),
    );
    controller.abort(reason);
    for (const call of calls) await expect(call).rejects.toBe(reason);
    await nextTurn(); // the batch's turn to leave has come
    await pyxis.close(); // and any request it had started has ended
    expect(server.current.stats().httpRequests).toBe(0);
  });

  test('different methods and find* pages are batched together and come back right', async () => {
    const pyxis = new PyxisClient({ url: server.current.url, batch: true, pageSize: 2 });
    const plain = new PyxisClient({ url: server.current.url, pageSize: 2 });
    const nvrs = dataset().nvrs().slice(0, 5);
    const expected = await Promise.all(nvrs.map((nvr) => plain.findImagesByNvr(nvr)));
    await expect(Promise.all(nvrs.map((nvr) => pyxis.findImagesByNvr(nvr)))).resolves.toEqual(expected);
  });
});

describe('in-flight sharing and the result cache', () => {
  test('identical lookups in flight share one request', async () => {
    const pyxis = new PyxisClient({ url: server.current.url });
    const path = dataset().repositoryPaths()[0] as never;
    server.current.stats({ reset: true });
    const [a, b, c] = await Promise.all([
      pyxis.getRepositoryByPath(path),
      pyxis.getRepositoryByPath(path),
      pyxis.getRepositoryByPath(path),
    ]);
    expect(a).toEqual(b);
    expect(b).toBe(c);
    expect(server.current.stats().rootFields).toBe(1);
  });

  test('a sharer that aborts leaves the others their result', async () => {
    const pyxis = new PyxisClient({ url: server.current.url });
    const path = dataset().repositoryPaths()[0] as never;
    const controller = new AbortController();
    const leaving = pyxis.getRepositoryByPath(path, { signal: controller.signal });
    const staying = pyxis.getRepositoryByPath(path);
    controller.abort(new Error('bye'));
    await expect(leaving).rejects.toThrow('bye');
    await expect(staying).resolves.not.toBeNull();
  });

  test('when the caller that started a shared request gives up, the others ask again and get their result', async () => {
    const pyxis = new PyxisClient({ url: server.current.url });
    const path = dataset().repositoryPaths()[2] as never;
    server.current.stats({ reset: true });
    const first = new AbortController();
    const second = new AbortController();
    const leaving = pyxis.getRepositoryByPath(path, { signal: first.signal });
    const staying = pyxis.getRepositoryByPath(path, { signal: second.signal });
    first.abort(new Error('bye'));
    await expect(leaving).rejects.toThrow('bye');
    await expect(staying).resolves.toMatchObject({ repository: expect.any(String) });
    expect(server.current.stats().rootFields).toBe(1); // the first request was stopped before it was answered
  });

  test('callers giving the same signal share one request, and all stop when it aborts', async () => {
    const pyxis = new PyxisClient({ url: server.current.url });
    const path = dataset().repositoryPaths()[3] as never;
    const controller = new AbortController();
    const calls = [1, 2, 3].map(() => pyxis.getRepositoryByPath(path, { signal: controller.signal }));
    controller.abort(new Error('all gone'));
    for (const call of calls) await expect(call).rejects.toThrow('all gone');
  });

  test('without a cache, the same lookup later asks again; with one, a fresh result is served from memory', async () => {
    const path = dataset().repositoryPaths()[1] as never;
    const uncached = new PyxisClient({ url: server.current.url });
    server.current.stats({ reset: true });
    await uncached.getRepositoryByPath(path);
    await uncached.getRepositoryByPath(path);
    expect(server.current.stats().rootFields).toBe(2);

    const cached = new PyxisClient({ url: server.current.url, cache: { ttlMs: 60_000, max: 10 } });
    server.current.stats({ reset: true });
    const first = await cached.getRepositoryByPath(path);
    await expect(cached.getRepositoryByPath(path)).resolves.toBe(first);
    expect(server.current.stats().rootFields).toBe(1);
  });

  test('cached results expire after ttlMs, and the least recently used go past max', async () => {
    const [a, b, c] = dataset().repositoryPaths() as never[];
    // The cache reads its clock from Date: faked, time stands still until the test moves it.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const pyxis = new PyxisClient({ url: server.current.url, cache: { ttlMs: 30, max: 2 } });
      await pyxis.getRepositoryByPath(a as never);
      await pyxis.getRepositoryByPath(b as never);
      await pyxis.getRepositoryByPath(c as never); // pushes a out
      server.current.stats({ reset: true });
      await pyxis.getRepositoryByPath(c as never);
      expect(server.current.stats().rootFields).toBe(0);
      await pyxis.getRepositoryByPath(a as never); // pushes b out
      expect(server.current.stats().rootFields).toBe(1);
      vi.advanceTimersByTime(29);
      await pyxis.getRepositoryByPath(c as never);
      expect(server.current.stats().rootFields).toBe(1);
      vi.advanceTimersByTime(2);
      await pyxis.getRepositoryByPath(c as never);
      expect(server.current.stats().rootFields).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a generous cache.max costs nothing up front: room is made as results arrive', async () => {
    const [path] = dataset().repositoryPaths() as never[];
    const pyxis = new PyxisClient({
      url: server.current.url,
      cache: { ttlMs: 60_000, max: Number.MAX_SAFE_INTEGER },
    });
    server.current.stats({ reset: true });
    const first = await pyxis.getRepositoryByPath(path as never);
    await expect(pyxis.getRepositoryByPath(path as never)).resolves.toBe(first);
    expect(server.current.stats().rootFields).toBe(1);
  });

  test('failures are not cached', async () => {
    const pyxis = new PyxisClient({ url: server.current.url, cache: { ttlMs: 60_000, max: 10 } });
    server.current.stats({ reset: true });
    await expect(pyxis.execute('query { nope }')).rejects.toThrow();
    await expect(pyxis.execute('query { nope }')).rejects.toThrow();
    expect(server.current.stats().httpRequests).toBe(2);
  });

  test('bad batch and cache options are TypeErrors naming them', () => {
    expect(() => new PyxisClient({ batch: { maxSize: 0 } })).toThrow(
      /`batch.maxSize` option to be a positive integer/,
    );
    expect(() => new PyxisClient({ batch: { windowMs: -1 } })).toThrow(/`batch.windowMs`/);
    expect(() => new PyxisClient({ cache: { ttlMs: 0, max: 1 } })).toThrow(/`cache.ttlMs`/);
    expect(() => new PyxisClient({ maxConcurrency: 0 })).toThrow(
      /`maxConcurrency` option to be a positive integer/,
    );
  });
});

describe('pages', () => {
  test('parallel paging gives the same items in the same order as one page at a time', async () => {
    const sequential = new PyxisClient({ url: server.current.url, pageSize: 7, pageConcurrency: 1 });
    const parallel = new PyxisClient({ url: server.current.url, pageSize: 7, pageConcurrency: 8 });
    const oneBigPage = await new PyxisClient({ url: server.current.url, pageSize: 500 }).findRepositories();
    await expect(sequential.findRepositories()).resolves.toEqual(oneBigPage);
    await expect(parallel.findRepositories()).resolves.toEqual(oneBigPage);
    expect(oneBigPage.length).toBeGreaterThan(7 * 8);
  });

  test('paginate() streams the items of a find* method in order', async () => {
    const pyxis = new PyxisClient({ url: server.current.url, pageSize: 10 });
    const all = await pyxis.findRepositories();
    const streamed = [];
    for await (const repository of pyxis.paginate('findRepositories', {})) streamed.push(repository);
    expect(streamed).toEqual(all);
  });

  test('paginate() validates its arguments like the method it streams', async () => {
    const pyxis = new PyxisClient({ url: server.current.url });
    expect(() => pyxis.paginate('findImagesByNvr', '' as never)).toThrow(/"nvr" must be a non-empty string/);
  });
});
