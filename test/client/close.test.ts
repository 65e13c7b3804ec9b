// close(): calls after it reject at once with a PyxisClientClosedError (nothing sent, no retries); calls in flight
// finish, every page and retry included, or with { abort: true } stop at once; a second close() is harmless.
// Against a real server on loopback.
import { describe, expect, test } from 'vitest';
import { PyxisClient, PyxisClientClosedError } from '../../src/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import { deferred, failure, nextTurn, settledFlag } from '../helpers/async.js';
import { aRepository } from '../helpers/msw.js';
import { json, useScriptedServer } from '../helpers/scripted-server.js';

const serve = useScriptedServer();
const pong = { data: { get_ping: 'pong' } };

/** Whether `promise` has settled by now (after every microtask queued so far and one turn). */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  const settled = settledFlag(promise);
  await nextTurn();
  return settled();
}

describe('close()', () => {
  test('a call after close() rejects at once with a PyxisClientClosedError: nothing sent, not retried', async () => {
    const server = await serve((_request, response) => json(response, 200, pong));
    const pyxis = new PyxisClient({ url: server.url, retries: 3 });
    await expect(pyxis.ping()).resolves.toBe('pong');
    await pyxis.close();
    const error = await failure(pyxis.ping());
    expect(error).toBeInstanceOf(PyxisClientClosedError);
    expect(error).toMatchObject({ attempts: 1, aborted: false });
    expect((error as Error).message).toBe(
      'Pyxis client is closed: close() was called, and no more requests are sent',
    );
    await expect(pyxis.findRepositories()).rejects.toBeInstanceOf(PyxisClientClosedError);
    await expect(pyxis.paginate('findRepositories').next()).rejects.toBeInstanceOf(PyxisClientClosedError);
    const [job] = (await pyxis.batch((batch) => batch.ping())) ?? [];
    await expect(job?.result()).rejects.toBeInstanceOf(PyxisClientClosedError);
    await expect(pyxis.beginAsyncExecution().ping().wait()).rejects.toBeInstanceOf(PyxisClientClosedError);
    expect(server.requests).toHaveLength(1);
  });

  test('a cached result is not served after close() either', async () => {
    const server = await serve((_request, response) => json(response, 200, pong));
    const pyxis = new PyxisClient({ url: server.url, cache: { ttlMs: 60_000, max: 10 } });
    await pyxis.ping();
    await pyxis.close();
    await expect(pyxis.ping()).rejects.toBeInstanceOf(PyxisClientClosedError);
  });

  test('close() is idempotent: called twice at once or one after the other, it resolves every time', async () => {
    const server = await serve((_request, response) => json(response, 200, pong));
    const pyxis = new PyxisClient({ url: server.url });
    await pyxis.ping();
    await expect(Promise.all([pyxis.close(), pyxis.close()])).resolves.toEqual([undefined, undefined]);
    await expect(pyxis.close()).resolves.toBeUndefined();
    await expect(pyxis.close({ abort: true })).resolves.toBeUndefined();
  });

  test('close() waits for a call in flight, which gets its answer', async () => {
    const release = deferred();
    const server = await serve((_request, response) => {
      void release.promise.then(() => json(response, 200, pong));
    });
    const pyxis = new PyxisClient({ url: server.url });
    const call = pyxis.ping();
    while (server.requests.length === 0) await nextTurn();
    const closed = pyxis.close();
    expect(await hasSettled(closed)).toBe(false);
    release.resolve();
    await expect(call).resolves.toBe('pong');
    await expect(closed).resolves.toBeUndefined();
  });

  test('a find* call paging when close() is called still gets every page', async () => {
    const firstPage = deferred();
    const items = Array.from({ length: 5 }, (_, i) => aRepository('r', `repo-${i}`));
    const server = await serve((request, response) => {
      const page = Number(request.body.variables?.page);
      const answer = () =>
        json(response, 200, {
          data: {
            find_repositories: {
              error: null,
              page,
              page_size: 2,
              total: 5,
              data: items.slice(page * 2, page * 2 + 2),
            },
          },
        });
      if (page === 0) void firstPage.promise.then(answer);
      else answer();
    });
    const pyxis = new PyxisClient({ url: server.url, pageSize: 2 });
    const call = pyxis.findRepositories();
    while (server.requests.length === 0) await nextTurn();
    const closed = pyxis.close();
    firstPage.resolve();
    await expect(call).resolves.toEqual(items);
    await closed;
    expect(server.requests).toHaveLength(3);
  });

  test('a call in flight that needs a retry gets it: the connections close only after', async () => {
    let answered = 0;
    const release = deferred();
    const server = await serve((_request, response) => {
      answered += 1;
      if (answered === 1)
        void release.promise.then(() => json(response, 500, { errors: [{ message: 'busy' }] }));
      else json(response, 200, pong);
    });
    const pyxis = new PyxisClient({ url: server.url, retryDelay: { base: 1, max: 1 } });
    const call = pyxis.ping();
    while (server.requests.length === 0) await nextTurn();
    const closed = pyxis.close();
    release.resolve();
    await expect(call).resolves.toBe('pong');
    await closed;
    expect(server.requests).toHaveLength(2);
  });

  test('close({ abort: true }) stops a call in flight at once, with a PyxisClientClosedError; not retried', async () => {
    const server = await serve(() => {}); // never answers
    const pyxis = new PyxisClient({ url: server.url, retries: 3 });
    const call = pyxis.ping();
    while (server.requests.length === 0) await nextTurn();
    await pyxis.close({ abort: true });
    const error = await failure(call);
    expect(error).toBeInstanceOf(PyxisClientClosedError);
    expect(error).toMatchObject({ aborted: true, attempts: 1 });
    expect((error as Error).message).toBe(
      'Pyxis client was closed with { abort: true } while this request was in flight',
    );
    expect(server.requests).toHaveLength(1);
  });

  test('close({ abort: true }) cuts a wait between retries short, and aborts after a plain close()', async () => {
    const server = await serve((_request, response) =>
      json(response, 503, { errors: [{ message: 'later' }] }, { 'retry-after': '3600' }),
    );
    const pyxis = new PyxisClient({ url: server.url, retryDelay: { maxRetryAfter: 2_000_000 } });
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const call = pyxis.ping();
    while (server.requests.length === 0) await nextTurn();
    const closed = pyxis.close();
    expect(await hasSettled(closed)).toBe(false);
    const aborted = pyxis.close({ abort: true });
    await expect(call).rejects.toMatchObject({ name: 'PyxisClientClosedError', aborted: true });
    await Promise.all([closed, aborted]);
    expect(server.requests).toHaveLength(1);
    expect(timers()).toBeLessThanOrEqual(before); // neither the wait's timer nor the attempt's is left
  });

  test('close() options are checked: a bad one rejects with an InvalidOptionError and closes nothing', async () => {
    const server = await serve((_request, response) => json(response, 200, pong));
    const pyxis = new PyxisClient({ url: server.url });
    await expect(pyxis.close({ abort: 'yes' as never })).rejects.toThrow(
      'Expected the `abort` option to be a boolean, got the string "yes"',
    );
    await expect(pyxis.close({ abrot: true } as never)).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(pyxis.ping()).resolves.toBe('pong');
  });
});
