import { describe, expect, test } from 'vitest';
import { PyxisClient, PyxisRequestError } from '../../src/index.js';
import { answerAll, aRepository, page, useMswServer } from '../helpers/msw.js';

const server = useMswServer();
const pyxis = new PyxisClient({ pageSize: 2 });

const repos = ['a', 'b', 'c', 'd', 'e'].map((name) => aRepository('r', name));

/** Serves `items` page by page as Pyxis does, with `total` unless told otherwise. */
function servePages(items: unknown[], { withTotal = true } = {}) {
  const answer = answerAll(({ variables }) => {
    const pageNumber = Number(variables.page);
    const size = Number(variables.page_size);
    const slice = items.slice(pageNumber * size, (pageNumber + 1) * size);
    return { find_repositories: page(slice, pageNumber, size, withTotal ? items.length : (null as never)) };
  });
  server.use(answer.handler);
  return answer.seen;
}

describe('find* paging', () => {
  test('reads every page, in order, until total items are read', async () => {
    const seen = servePages(repos);
    await expect(pyxis.findRepositories()).resolves.toEqual(repos);
    expect(seen.map((request) => request.variables.page)).toEqual([0, 1, 2]);
    expect(seen.every((request) => request.variables.page_size === 2)).toBe(true);
  });

  test('stops at a short page when the server does not tell the total', async () => {
    const seen = servePages(repos, { withTotal: false });
    await expect(pyxis.findRepositories()).resolves.toEqual(repos);
    expect(seen).toHaveLength(3);
  });

  test('stops at an empty page when the items end exactly at a page boundary', async () => {
    const seen = servePages(repos.slice(0, 4), { withTotal: false });
    await expect(pyxis.findRepositories()).resolves.toEqual(repos.slice(0, 4));
    expect(seen.map((request) => request.variables.page)).toEqual([0, 1, 2]);
  });

  test('a per-call pageSize overrides the client default', async () => {
    const seen = servePages(repos);
    await expect(pyxis.findRepositories({}, { pageSize: 5 })).resolves.toEqual(repos);
    expect(seen).toHaveLength(1);
  });

  test('an error on a later page rejects the whole call', async () => {
    const { handler } = answerAll(({ variables }) => ({
      find_repositories:
        variables.page === 0
          ? page(repos.slice(0, 2), 0, 2, 5)
          : { error: { status: 500, detail: 'page failed' }, data: null, page: 1, page_size: 2, total: null },
    }));
    server.use(handler);
    await expect(pyxis.findRepositories()).rejects.toThrow(PyxisRequestError);
  });
});
