// The embedded server's capacity: up to `capacity` requests run, the ones beyond wait in line, and past
// `maxInFlight` they are refused with 429 and Retry-After. Waits are on the server's own counts, never on time.
import { describe, expect, it } from 'vitest';
import { CapacityGate } from '../../src/server/capacity.js';
import type { PyxisServer } from '../../src/server/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import { until } from '../helpers/async.js';
import { useServerPerTest } from '../helpers/server.js';

const start = useServerPerTest({ seed: 3, repositories: 10, imagesPerRepository: 1 });

/** A ping; `signal` aborts it. Resolves to the response, or to the error once aborted or closed. */
function ping(server: PyxisServer, signal?: AbortSignal): Promise<Response | Error> {
  return fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ get_ping }' }),
    ...(signal ? { signal } : {}),
  }).catch((error: Error) => error);
}

describe('CapacityGate', () => {
  it('runs up to capacity at once and the rest first come, first served', () => {
    const gate = new CapacityGate({ capacity: 2, maxInFlight: 5 });
    const order: string[] = [];
    const leave = ['a', 'b', 'c', 'd'].map((name) => gate.enter(() => order.push(name)));
    expect(order).toEqual(['a', 'b']);
    expect(gate.stats()).toMatchObject({ inFlight: 4, queued: 2, peakInFlight: 4, peakQueued: 2 });
    leave[1]?.(true);
    expect(order).toEqual(['a', 'b', 'c']);
    leave[0]?.(true);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(gate.stats()).toMatchObject({ inFlight: 2, queued: 0, served: 2 });
  });

  it('refuses above maxInFlight, and counts each refusal', () => {
    const gate = new CapacityGate({ capacity: 1, maxInFlight: 2 });
    const first = gate.enter(() => undefined);
    expect(gate.enter(() => undefined)).toBeDefined();
    expect(gate.enter(() => undefined)).toBeUndefined();
    expect(gate.enter(() => undefined)).toBeUndefined();
    expect(gate.stats()).toMatchObject({ inFlight: 2, overloaded: 2 });
    first?.(true);
    expect(gate.enter(() => undefined)).toBeDefined();
  });

  it('lets a queued request leave without running, and counts only answers sent in full as served', () => {
    const gate = new CapacityGate({ capacity: 1 });
    const started: string[] = [];
    const a = gate.enter(() => started.push('a'));
    const b = gate.enter(() => started.push('b'));
    const c = gate.enter(() => started.push('c'));
    b?.(false);
    expect(gate.stats()).toMatchObject({ inFlight: 2, queued: 1 });
    a?.(false);
    a?.(true); // a second call changes nothing
    expect(started).toEqual(['a', 'c']);
    c?.(true);
    expect(gate.stats()).toMatchObject({ inFlight: 0, queued: 0, served: 1 });
  });

  it('defaults maxInFlight to 4 x capacity, and to no limit without a capacity', () => {
    expect(new CapacityGate({ capacity: 24 }).maxInFlight).toBe(96);
    expect(new CapacityGate({}).maxInFlight).toBe(Infinity);
    expect(new CapacityGate({ maxInFlight: 3 }).capacity).toBe(Infinity);
    expect(new CapacityGate({}).retryAfterSeconds).toBe(1);
  });

  it('zeroes its counters on a reset, but not what is in flight now', () => {
    const gate = new CapacityGate({ capacity: 1, maxInFlight: 2 });
    const first = gate.enter(() => undefined);
    gate.enter(() => undefined);
    gate.enter(() => undefined);
    first?.(true);
    expect(gate.stats({ reset: true })).toEqual({
      inFlight: 1,
      queued: 0,
      peakInFlight: 2,
      peakQueued: 1,
      served: 1,
      overloaded: 1,
    });
    expect(gate.stats()).toEqual({
      inFlight: 1,
      queued: 0,
      peakInFlight: 1,
      peakQueued: 0,
      served: 0,
      overloaded: 0,
    });
  });

  it.each([
    [
      { capacity: 0 },
      /^Expected the `capacity` option to be a positive integer or Infinity, got the number 0$/,
    ],
    [{ capacity: 2.5 }, /`capacity` option to be a positive integer or Infinity, got the number 2.5$/],
    [{ capacity: '8' }, /`capacity` option to be a positive integer or Infinity, got the string "8"$/],
    [{ maxInFlight: -1 }, /`maxInFlight` option to be a positive integer or Infinity, got the number -1$/],
    [
      { capacity: 8, maxInFlight: 4 },
      /^Expected the `maxInFlight` option to be at least `capacity` \(8\), got the number 4 \(it counts/,
    ],
    [{ overloadRetryAfterSeconds: -5 }, /`overloadRetryAfterSeconds` option to be a non-negative integer/],
    [{ overloadRetryAfterSeconds: 1.5 }, /`overloadRetryAfterSeconds` option to be a non-negative integer/],
  ])('refuses %j with an InvalidOptionError', (options, message) => {
    expect(() => new CapacityGate(options as never)).toThrow(InvalidOptionError);
    expect(() => new CapacityGate(options as never)).toThrow(message);
  });
});

describe('capacity on loopback', () => {
  it('queues the requests beyond capacity, and answers 429 with Retry-After beyond maxInFlight', async () => {
    const server = await start({
      capacity: 2,
      maxInFlight: 4,
      overloadRetryAfterSeconds: 7,
      latency: { ms: 60_000 },
    });
    const held = Array.from({ length: 4 }, () => ping(server));
    await until(() => server.stats().inFlight === 4);
    expect(server.stats()).toMatchObject({ inFlight: 4, queued: 2, peakInFlight: 4, overloaded: 0 });
    const refused = await ping(server);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(429);
    expect((refused as Response).headers.get('retry-after')).toBe('7');
    expect(await (refused as Response).text()).toBe('Too Many Requests');
    expect(server.stats()).toMatchObject({ httpRequests: 5, inFlight: 4, overloaded: 1, served: 0 });
    await server.close();
    for (const request of await Promise.all(held)) expect(request).toBeInstanceOf(Error);
  });

  it('frees a slot when its client goes away, and gives it to the first request in line', async () => {
    const server = await start({ capacity: 1, latency: { ms: 60_000 } });
    const running = new AbortController();
    const second = new AbortController();
    const requests = [ping(server, running.signal)];
    await until(() => server.stats().inFlight === 1);
    requests.push(ping(server, second.signal));
    await until(() => server.stats().queued === 1);
    requests.push(ping(server));
    await until(() => server.stats().queued === 2);
    // The second leaves the line: one runs, one waits.
    second.abort();
    await until(() => server.stats().queued === 1);
    expect(server.stats()).toMatchObject({ inFlight: 2 });
    // The first leaves its slot: the third runs, nobody waits.
    running.abort();
    await until(() => server.stats().inFlight === 1);
    expect(server.stats()).toMatchObject({ queued: 0, served: 0, rootFields: 0 });
    await server.close();
    await Promise.all(requests);
  });

  it('serves every queued request in turn, once the ones before it are answered', async () => {
    const server = await start({ capacity: 1, maxInFlight: 40 });
    const responses = await Promise.all(Array.from({ length: 40 }, () => ping(server)));
    for (const response of responses) expect((response as Response).status).toBe(200);
    expect(server.stats()).toMatchObject({
      served: 40,
      overloaded: 0,
      inFlight: 0,
      queued: 0,
      rootFields: 40,
    });
  });

  it('frees the slot of a dropped connection and of a stall the client gives up on', async () => {
    const server = await start({ capacity: 1, faults: { stall: 1 } });
    const stalled = new AbortController();
    const response = await ping(server, stalled.signal);
    expect((response as Response).status).toBe(200);
    expect(server.stats()).toMatchObject({ inFlight: 1 });
    stalled.abort();
    await until(() => server.stats().inFlight === 0);
    expect(server.stats()).toMatchObject({ served: 0 });
  });

  it('ends queued requests on close(), as it ends running ones', async () => {
    const server = await start({ capacity: 1, latency: { ms: 60_000 } });
    const requests = [ping(server), ping(server), ping(server)];
    await until(() => server.stats().inFlight === 3);
    await server.close();
    for (const request of await Promise.all(requests)) expect(request).toBeInstanceOf(Error);
    expect(server.stats()).toMatchObject({ inFlight: 0, queued: 0, rootFields: 0 });
  });
});
