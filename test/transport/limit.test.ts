import type { ServerResponse } from 'node:http';
import { expect, test } from 'vitest';
import { PyxisClient } from '../../src/index.js';
import { json, useScriptedServer } from '../helpers/scripted-server.js';

const serve = useScriptedServer();

/**
 * A server that holds the requests it gets until `hold` of them are waiting, then answers them together, and
 * records the most in flight at once. A client that keeps to a limit of `hold` fills every batch, however slowly its
 * requests arrive. The 10 ms before a full batch is answered only give a request sent past the limit the time to
 * arrive and be counted: how long they really take changes nothing for a client that keeps to it.
 */
async function countingServer(hold: number) {
  let held: ServerResponse[] = [];
  let inFlight = 0;
  const counts = { most: 0, total: 0 };
  const server = await serve((_request, response) => {
    held.push(response);
    inFlight += 1;
    counts.total += 1;
    counts.most = Math.max(counts.most, inFlight);
    if (held.length < hold) return;
    const batch = held;
    held = [];
    setTimeout(() => {
      inFlight -= batch.length;
      for (const waiting of batch) json(waiting, 200, { data: { get_ping: 'pong' } });
    }, 10);
  });
  return { url: server.url, counts };
}

test('however wide callers fan out, at most maxConcurrency requests are in flight', async () => {
  const { url, counts } = await countingServer(4);
  const pyxis = new PyxisClient({ url, maxConcurrency: 4 });
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) => pyxis.request(`query Q${i} { get_ping }`)),
  );
  expect(results).toHaveLength(40);
  expect(counts.total).toBe(40);
  expect(counts.most).toBe(4);
});

test('a call whose signal aborts while it waits for a slot leaves the queue at once', async () => {
  const { url, counts } = await countingServer(1);
  const pyxis = new PyxisClient({ url, maxConcurrency: 1 });
  const controller = new AbortController();
  const first = pyxis.request('query A { get_ping }');
  const waiting = pyxis.request('query B { get_ping }', {}, { signal: controller.signal });
  const reason = new Error('gave up waiting');
  controller.abort(reason);
  await expect(waiting).rejects.toBe(reason);
  await first;
  expect(counts.total).toBe(1);
});

test('the slot a waiter gave up goes to the next one in line', async () => {
  const { url, counts } = await countingServer(1);
  const pyxis = new PyxisClient({ url, maxConcurrency: 1 });
  const controller = new AbortController();
  const first = pyxis.request('query A { get_ping }');
  const gaveUp = pyxis.request('query B { get_ping }', {}, { signal: controller.signal });
  const third = pyxis.request('query C { get_ping }');
  controller.abort(new Error('gave up waiting'));
  await expect(gaveUp).rejects.toThrow('gave up waiting');
  await expect(first).resolves.toEqual({ get_ping: 'pong' });
  await expect(third).resolves.toEqual({ get_ping: 'pong' });
  expect(counts.total).toBe(2);
  expect(counts.most).toBe(1);
});
