// A hostile or broken server can announce any `total` and keep sending full pages: each `find*` call reads at most
// `maxItems` items and `maxPages` pages, and fails with a PyxisPagingError before asking for more. Against a real
// server on loopback.
import { describe, expect, test } from 'vitest';
import { PyxisClient, PyxisPagingError } from '../../src/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import { failure } from '../helpers/async.js';
import { aRepository } from '../helpers/msw.js';
import { json, useScriptedServer } from '../helpers/scripted-server.js';

const serve = useScriptedServer();

/**
 * Answers `find_repositories` with full pages of made-up repositories: `total` as given (null: none), and as
 * many items as exist when `items` is given, else a full page every time.
 */
function pages(total: number | null, items = Number.POSITIVE_INFINITY) {
  return serve((request, response) => {
    const page = Number(request.body.variables?.page);
    const size = Number(request.body.variables?.page_size);
    const count = Math.max(0, Math.min(size, items - page * size));
    const data = Array.from({ length: count }, (_, i) => aRepository('r', `repo-${page * size + i}`));
    json(response, 200, { data: { find_repositories: { error: null, page, page_size: size, total, data } } });
  });
}

describe('paging caps', () => {
  test('a server announcing total: 1e12 is refused after its first page, by default', async () => {
    const server = await pages(1e12);
    const error = await failure(
      new PyxisClient({ url: server.url }).findRepositories({}, { deadline: 5000 }),
    );
    expect(error).toBeInstanceOf(PyxisPagingError);
    expect(error).toMatchObject({ option: 'maxItems', limit: 100_000, total: 1e12, attempts: 1 });
    expect((error as Error).message).toBe(
      'Pyxis find_repositories: the server announces 1000000000000 items, more than maxItems (100000): narrow the query, or raise maxItems for the call',
    );
    expect(server.requests).toHaveLength(1);
  });

  test('without a total, full pages are read until maxItems items have arrived, then the call fails', async () => {
    const server = await pages(null);
    const pyxis = new PyxisClient({ url: server.url, maxItems: 120 });
    const error = await failure(pyxis.findRepositories({}, { deadline: 5000 }));
    expect(error).toBeInstanceOf(PyxisPagingError);
    expect(error).toMatchObject({ option: 'maxItems', limit: 120, total: undefined });
    expect((error as Error).message).toContain('150 items arrived, more than maxItems (120)');
    expect(server.requests).toHaveLength(3); // pages of 50: the third passes 120
  });

  test('without a total, no more than maxPages pages are asked for', async () => {
    const server = await pages(null);
    const pyxis = new PyxisClient({ url: server.url, pageSize: 5, maxPages: 4 });
    const error = await failure(pyxis.findRepositories({}, { deadline: 5000 }));
    expect(error).toMatchObject({ name: 'PyxisPagingError', option: 'maxPages', limit: 4 });
    expect((error as Error).message).toContain('page 5 would be needed, more than maxPages (4)');
    expect(server.requests).toHaveLength(4);
  });

  test('a total that needs more than maxPages pages is refused after the first page, before the others are sent', async () => {
    const server = await pages(1000);
    const pyxis = new PyxisClient({ url: server.url, pageSize: 10, maxPages: 50, pageConcurrency: 8 });
    const error = await failure(pyxis.findRepositories());
    expect(error).toMatchObject({ option: 'maxPages', limit: 50, total: 1000 });
    expect((error as Error).message).toContain('the server announces 100 pages, more than maxPages (50)');
    expect(server.requests).toHaveLength(1);
  });

  test('the caps are inclusive: exactly maxItems items in exactly maxPages pages are read', async () => {
    const server = await pages(25, 25);
    const pyxis = new PyxisClient({ url: server.url, pageSize: 5, maxItems: 25, maxPages: 5 });
    await expect(pyxis.findRepositories()).resolves.toHaveLength(25);
  });

  test('per-call caps override the client, Infinity lifts them, and calls with other caps do not share a request', async () => {
    const server = await pages(25, 25);
    const pyxis = new PyxisClient({ url: server.url, pageSize: 5, maxItems: 10 });
    const [capped, lifted, raised] = await Promise.allSettled([
      pyxis.findRepositories(),
      pyxis.findRepositories({}, { maxItems: Number.POSITIVE_INFINITY }),
      pyxis.findRepositoriesByRepositoryName('x', { maxItems: 25, maxPages: 5 }),
    ]);
    expect(capped).toMatchObject({ status: 'rejected', reason: { option: 'maxItems', limit: 10 } });
    expect(lifted).toMatchObject({ status: 'fulfilled' });
    expect((lifted as PromiseFulfilledResult<unknown[]>).value).toHaveLength(25);
    expect((raised as PromiseFulfilledResult<unknown[]>).value).toHaveLength(25);
  });

  test('paginate() keeps to the same caps, and fails before yielding a page past them', async () => {
    const server = await pages(1e12);
    const pyxis = new PyxisClient({ url: server.url });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const repository of pyxis.paginate('findRepositories', {}, { deadline: 5000 })) {
        seen.push(repository);
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisPagingError);
    expect(seen).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  test('bad caps are InvalidOptionErrors, from the constructor and from a call (which sends nothing)', async () => {
    expect(() => new PyxisClient({ maxItems: 0 })).toThrow(InvalidOptionError);
    expect(() => new PyxisClient({ maxPages: 1.5 })).toThrow(
      'Expected the `maxPages` option to be a positive integer or Infinity, got the number 1.5',
    );
    const server = await pages(25, 25);
    const pyxis = new PyxisClient({ url: server.url });
    const error = await failure(pyxis.findImagesByNames(['x'], { maxItems: '100' as never }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: 'maxItems', received: '100' });
    expect(server.requests).toHaveLength(0);
  });
});
