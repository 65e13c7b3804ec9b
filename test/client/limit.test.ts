import { expect, test } from 'vitest';
import { PyxisClient } from '../../src/index.js';
import { json, useScriptedServer } from '../helpers/scripted-server.js';

const serve = useScriptedServer();

/** A server that holds each request 10 ms and records how many were in flight at once. */
async function countingServer() {
  let inFlight = 0;
  const counts = { most: 0, total: 0 };
  const server = await serve((_request, response) => {
    inFlight += 1;
    counts.total += 1;
    counts.most = Math.max(counts.most, inFlight);
    setTimeout(() => {
      inFlight -= 1;
      json(response, 200, { data: { get_ping: 'pong' } });
    }, 10);
  });
  return { url: server.url, counts };
}

test('however wide callers fan out, at most maxConcurrency requests are in flight', async () => {
  const { url, counts } = await countingServer();
  const pyxis = new PyxisClient({ url, maxConcurrency: 4 });
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) => pyxis.request(`query Q${i} { get_ping }`)),
  );
  expect(results).toHaveLength(40);
  expect(counts.total).toBe(40);
  expect(counts.most).toBe(4);
});

test('a call whose signal aborts while it waits for a slot leaves the queue at once', async () => {
  const { url, counts } = await countingServer();
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
