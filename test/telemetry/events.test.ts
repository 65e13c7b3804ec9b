// The onEvent hook, against the embedded server on loopback.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { PyxisClient, type PyxisEvent } from '../../src/index.js';
import { startPyxisServer } from '../../src/server/index.js';
import { useServer } from '../helpers/server.js';

const server = useServer();
const path = () => server.current.dataset.repositories[0] as { registry: string; repository: string };

afterEach(() => vi.restoreAllMocks());

describe('onEvent', () => {
  test('one start and one end per attempt, with the operation, status, duration and trace_id', async () => {
    const events: PyxisEvent[] = [];
    const pyxis = new PyxisClient({
      url: server.current.url,
      onEvent: (event) => events.push(event),
      telemetry: false,
    });
    await pyxis.getRepositoryByPath(path());
    expect(events.map((event) => event.type)).toEqual(['request-start', 'request-end']);
    const common = {
      operationType: 'query',
      operationName: 'GetRepositoryByRegistryPath',
      url: server.current.url,
      attempt: 1,
      lookups: 1,
    };
    expect(events[0]).toEqual({ type: 'request-start', ...common });
    expect(events[1]).toMatchObject({ type: 'request-end', ...common, status: 200, error: undefined });
    const end = events[1] as Extract<PyxisEvent, { type: 'request-end' }>;
    expect(end.traceId).toMatch(/^[0-9a-f]+$/);
    expect(end.durationMs).toBeGreaterThan(0);
    await pyxis.close();
  });

  test('a batched request says how many lookups it carries', async () => {
    const ends: PyxisEvent[] = [];
    const pyxis = new PyxisClient({
      url: server.current.url,
      batch: true,
      telemetry: false,
      onEvent: (event) => event.type === 'request-end' && ends.push(event),
    });
    await Promise.all(
      server.current.dataset.repositories.slice(0, 5).map((p) => pyxis.getRepositoryByPath(p)),
    );
    expect(ends).toMatchObject([{ lookups: 5, operationName: 'PyxisBatch' }]);
    await pyxis.close();
  });

  test('retries: a retry event between the attempts, with the failure and the wait', async () => {
    const failing = await startPyxisServer({ dataset: { repositories: 5 }, faults: { http500: 1, seed: 1 } });
    const events: PyxisEvent[] = [];
    const pyxis = new PyxisClient({
      url: failing.url,
      telemetry: false,
      retries: 1,
      retryDelay: { base: 1, max: 1 },
      onEvent: (event) => events.push(event),
    });
    await expect(pyxis.ping()).rejects.toThrow();
    expect(events.map((event) => `${event.type}:${event.attempt}`)).toEqual([
      'request-start:1',
      'request-end:1',
      'retry:1',
      'request-start:2',
      'request-end:2',
    ]);
    expect(events[1]).toMatchObject({ status: 500, errorType: '500' });
    expect(events[2]).toMatchObject({ errorType: '500' });
    expect((events[2] as Extract<PyxisEvent, { type: 'retry' }>).delayMs).toBeLessThanOrEqual(1);
    await pyxis.close();
    await failing.close();
  });

  test('a 429 that pauses the whole client: a pause event after its request-end, with the pause', async () => {
    const limited = await startPyxisServer({
      dataset: { repositories: 5 },
      faults: { http429: 1, retryAfterSeconds: 3, seed: 1 },
    });
    const events: PyxisEvent[] = [];
    const pyxis = new PyxisClient({
      url: limited.url,
      telemetry: false,
      retries: 0,
      onEvent: (event) => events.push(event),
    });
    await expect(pyxis.ping()).rejects.toThrow();
    expect(events.map((event) => event.type)).toEqual(['request-start', 'request-end', 'pause']);
    expect(events[2]).toEqual({
      type: 'pause',
      operationType: 'query',
      operationName: 'Ping',
      url: limited.url,
      attempt: 1,
      lookups: 1,
      status: 429,
      pauseMs: 3_000,
    });
    await pyxis.close(); // ends the pause
    await limited.close();
  });

  test('a network failure has no status, and its error type is the error name', async () => {
    const events: PyxisEvent[] = [];
    const pyxis = new PyxisClient({
      url: 'http://127.0.0.1:1/graphql',
      telemetry: false,
      retries: 0,
      onEvent: (event) => events.push(event),
    });
    await expect(pyxis.ping()).rejects.toThrow();
    expect(events[1]).toMatchObject({
      type: 'request-end',
      status: undefined,
      errorType: 'PyxisNetworkError',
    });
    await pyxis.close();
  });

  test('a hook that throws breaks no request: the first failure becomes one process warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const pyxis = new PyxisClient({
        url: server.current.url,
        telemetry: false,
        onEvent: () => {
          throw new Error('logger broke');
        },
      });
      await expect(pyxis.ping()).resolves.toBe('pong');
      await expect(pyxis.ping()).resolves.toBe('pong');
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings.map((warning) => [warning.name, warning.message])).toEqual([
        [
          'PyxisObserverWarning',
          'The onEvent handler threw, and was ignored (the request went on): logger broke',
        ],
      ]);
      await pyxis.close();
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('a hook whose promise rejects leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const pyxis = new PyxisClient({
        url: server.current.url,
        telemetry: false,
        onEvent: (async () => {
          throw new Error('async logger broke');
        }) as never,
      });
      await expect(pyxis.ping()).resolves.toBe('pong');
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
      expect(warnings.map((warning) => warning.message)).toEqual([
        'The onEvent handler threw, and was ignored (the request went on): async logger broke',
      ]);
      await pyxis.close();
    } finally {
      process.off('unhandledRejection', onUnhandled);
      process.off('warning', onWarning);
    }
  });

  test('a bad onEvent or telemetry option is refused, naming it', () => {
    expect(() => new PyxisClient({ onEvent: 'log' as never })).toThrow(/onEvent/);
    expect(() => new PyxisClient({ telemetry: 'on' as never })).toThrow(/telemetry/);
    expect(() => new PyxisClient({ telemetry: { tracer: {} } as never })).toThrow(
      /Unknown option `tracer` in `telemetry`/,
    );
    expect(() => new PyxisClient({ telemetry: { tracerProvider: {} } as never })).toThrow(
      /telemetry\.tracerProvider/,
    );
  });
});
