// OpenTelemetry against the real embedded server on loopback: span attributes, parentage, links, redaction,
// and the metrics, read through the SDK's in-memory exporter and a collecting metric reader.
import { type Span as ApiSpan, metrics, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { PyxisClient } from '../../src/index.js';
import { startPyxisServer } from '../../src/server/index.js';
import { useServer } from '../helpers/server.js';
import { named, otelSdk } from './otel-helpers.js';

const sdk = otelSdk();
const server = useServer();
const path = () => server.current.dataset.repositories[0] as { registry: string; repository: string };

beforeEach(() => sdk.reset());

function client(options: ConstructorParameters<typeof PyxisClient>[0] = {}) {
  return new PyxisClient({ url: server.current.url, telemetry: sdk.telemetry, retries: 0, ...options });
}

describe('spans', () => {
  test('a method call has its span, and each HTTP attempt a CLIENT child with the HTTP conventions', async () => {
    const pyxis = client();
    const outer = sdk.tracerProvider.getTracer('test');
    await outer.startActiveSpan('handler', async (handler: ApiSpan) => {
      await pyxis.getRepositoryByPath(path());
      handler.end();
    });
    const [call] = named(sdk.finished(), 'getRepositoryByPath');
    const [request] = named(sdk.finished(), 'POST');
    const [handler] = named(sdk.finished(), 'handler');
    expect(call?.parentSpanContext?.spanId).toBe(handler?.spanContext().spanId);
    expect(request?.parentSpanContext?.spanId).toBe(call?.spanContext().spanId);
    expect(request?.spanContext().traceId).toBe(handler?.spanContext().traceId);
    expect(request?.kind).toBe(SpanKind.CLIENT);
    const url = new URL(server.current.url);
    expect(request?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': Number(url.port),
      'url.full': server.current.url,
      'http.response.status_code': 200,
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'GetRepositoryByRegistryPath',
      'pyxis.request.lookups': 1,
    });
    expect(request?.attributes['pyxis.trace_id']).toMatch(/^[0-9a-f]+$/);
    expect(request?.attributes).not.toHaveProperty('http.request.resend_count');
    expect(request?.attributes).not.toHaveProperty('error.type');
    expect(call?.attributes['pyxis.method']).toBe('getRepositoryByPath');
    await pyxis.close();
  });

  test('url.full carries no query value of the endpoint (a token there is a credential)', async () => {
    const token = 'hunter2-secret-token';
    const pyxis = client({ url: `${server.current.url}?token=${token}` });
    await pyxis.getRepositoryByPath(path());
    const [request] = named(sdk.finished(), 'POST');
    expect(request?.attributes['url.full']).toBe(`${server.current.url}?token=[redacted]`);
    expect(JSON.stringify(sdk.finished().map((span) => span.attributes))).not.toContain(token);
    await pyxis.close();
  });

  test('a batched request carries its lookups, and each lookup span links to it (and it to them)', async () => {
    const pyxis = client({ batch: true });
    const paths = server.current.dataset.repositories.slice(0, 3);
    await Promise.all(paths.map((p) => pyxis.getRepositoryByPath(p)));
    const requests = named(sdk.finished(), 'POST');
    const calls = named(sdk.finished(), 'getRepositoryByPath');
    expect(requests).toHaveLength(1);
    expect(calls).toHaveLength(3);
    const request = requests[0];
    expect(request?.attributes).toMatchObject({
      'pyxis.request.lookups': 3,
      'graphql.operation.name': 'PyxisBatch',
    });
    for (const call of calls) {
      expect(call.links.map((link) => link.context.spanId)).toEqual([request?.spanContext().spanId]);
    }
    expect(request?.links.map((link) => link.context.spanId).sort()).toEqual(
      calls.map((call) => call.spanContext().spanId).sort(),
    );
    await pyxis.close();
  });

  test('each retry is a span of its own, with its resend count; failures carry error.type', async () => {
    const failing = await startPyxisServer({ dataset: { repositories: 5 }, faults: { http500: 1, seed: 1 } });
    const pyxis = new PyxisClient({
      url: failing.url,
      telemetry: sdk.telemetry,
      retries: 1,
      retryDelay: { base: 1, max: 1 },
    });
    await expect(pyxis.getRepositoryByPath(failing.dataset.repositories[0] as never)).rejects.toThrow();
    const requests = named(sdk.finished(), 'POST');
    const [call] = named(sdk.finished(), 'getRepositoryByPath');
    expect(requests.map((span) => span.attributes['http.request.resend_count'])).toEqual([undefined, 1]);
    for (const request of requests) {
      expect(request.parentSpanContext?.spanId).toBe(call?.spanContext().spanId);
      expect(request.attributes['http.response.status_code']).toBe(500);
      expect(request.attributes['error.type']).toBe('500');
      expect(request.status.code).toBe(SpanStatusCode.ERROR);
    }
    expect(call?.status.code).toBe(SpanStatusCode.ERROR);
    expect(call?.attributes['error.type']).toBe('500');
    expect((await sdk.points('pyxis.client.retries')).map((point) => point.value)).toEqual([1]);
    await pyxis.close();
    await failing.close();
  });

  test('a request without a call span (a batch commit) is a child of the context it was sent in', async () => {
    const pyxis = client();
    const outer = sdk.tracerProvider.getTracer('test');
    await outer.startActiveSpan('commit', async (span: ApiSpan) => {
      await pyxis.batch((batch) => {
        batch.getRepositoryByPath(path());
        batch.ping();
      });
      span.end();
    });
    const [request] = named(sdk.finished(), 'POST');
    const [commit] = named(sdk.finished(), 'commit');
    expect(request?.parentSpanContext?.spanId).toBe(commit?.spanContext().spanId);
    expect(request?.attributes['pyxis.request.lookups']).toBe(2);
    await pyxis.close();
  });

  test("paginate() is a method call's span, its pages its children", async () => {
    const pyxis = client({ pageSize: 100 });
    let items = 0;
    for await (const _ of pyxis.paginate('findRepositories')) items += 1;
    const [call] = named(sdk.finished(), 'findRepositories');
    const pages = named(sdk.finished(), 'POST');
    expect(items).toBeGreaterThan(200);
    // The first page tells the total: the others are asked for at once, none past the last.
    expect(pages).toHaveLength(Math.ceil(items / 100));
    expect(call?.attributes['pyxis.method']).toBe('findRepositories');
    for (const page of pages) expect(page.parentSpanContext?.spanId).toBe(call?.spanContext().spanId);
    await pyxis.close();
  });

  test('telemetry: false records nothing', async () => {
    expect(trace.setGlobalTracerProvider(sdk.tracerProvider)).toBe(true);
    const pyxis = client({ telemetry: false });
    await pyxis.getRepositoryByPath(path());
    expect(sdk.finished()).toEqual([]);
    // With the default, the globally registered provider is used (registered through the API's ES module, read
    // through its CommonJS copy, which the client loads).
    const auto = new PyxisClient({ url: server.current.url });
    await auto.ping();
    expect(named(sdk.finished(), 'ping')).toHaveLength(1);
    trace.disable();
    await pyxis.close();
    await auto.close();
  });
});

describe('without an SDK', () => {
  test('a client made before the SDK is registered records once it is', async () => {
    // Registered the way an ES-module service does it (Node hands `import` and the client's `require` one copy).
    const early = new PyxisClient({ url: server.current.url });
    await early.ping();
    expect(sdk.finished()).toEqual([]);
    expect(trace.setGlobalTracerProvider(sdk.tracerProvider)).toBe(true);
    await early.ping();
    const [call] = named(sdk.finished(), 'ping');
    const [request] = named(sdk.finished(), 'POST');
    expect(request?.parentSpanContext?.spanId).toBe(call?.spanContext().spanId);
    expect(request?.attributes['graphql.operation.name']).toBe('Ping');
    trace.disable();
    await early.close();
  });

  test('a client made before a meter provider is registered measures once it is', async () => {
    const early = new PyxisClient({ url: server.current.url });
    await early.ping();
    const late = otelSdk();
    expect(metrics.setGlobalMeterProvider(late.meterProvider)).toBe(true);
    try {
      await early.ping();
      await early.ping();
      const durations = await late.points('http.client.request.duration');
      expect(durations.map((point) => (point.value as Histogram).count)).toEqual([2]);
      // Its gauges too: they are made with the instruments.
      expect(await late.points('pyxis.client.request_cap')).toHaveLength(1);
    } finally {
      metrics.disable();
      await late.meterProvider.shutdown();
      await early.close();
    }
  });
});

describe('metrics', () => {
  const metricsSdk = otelSdk();
  const pyxis = () =>
    new PyxisClient({ url: server.current.url, telemetry: metricsSdk.telemetry, maxConcurrency: 7 });
  afterAll(() => metricsSdk.meterProvider.shutdown());

  test('request duration, lookups per request, requests in flight and the cap', async () => {
    const batched = new PyxisClient({
      url: server.current.url,
      telemetry: metricsSdk.telemetry,
      batch: true,
      maxConcurrency: 7,
    });
    await Promise.all(
      server.current.dataset.repositories.slice(0, 4).map((p) => batched.getRepositoryByPath(p)),
    );
    await batched.ping();
    const [duration] = await metricsSdk.points('http.client.request.duration');
    expect(duration?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'http.response.status_code': 200,
    });
    const durations = await metricsSdk.points('http.client.request.duration');
    const count = durations.reduce((sum, point) => sum + (point.value as Histogram).count, 0);
    expect(count).toBe(2);
    const [lookups] = await metricsSdk.points('pyxis.client.request.lookups');
    expect((lookups?.value as Histogram | undefined)?.sum).toBe(5);
    expect((await metricsSdk.points('http.client.active_requests')).map((point) => point.value)).toEqual([0]);
    expect((await metricsSdk.points('pyxis.client.request_cap')).map((point) => point.value)).toEqual([7]);
    await batched.close();
  });

  test('429 answers are counted', async () => {
    const limited = await startPyxisServer({ dataset: { repositories: 5 }, faults: { http429: 1, seed: 1 } });
    const client429 = new PyxisClient({ url: limited.url, telemetry: metricsSdk.telemetry, retries: 0 });
    await expect(client429.ping()).rejects.toThrow();
    const points = await metricsSdk.points('pyxis.client.rate_limited');
    expect(points.map((point) => point.value)).toEqual([1]);
    // The pause it began (Retry-After: 1), counted when it began.
    const paused = await metricsSdk.points('pyxis.client.pause.duration');
    const port = Number(new URL(limited.url).port);
    expect(
      paused.filter((point) => point.attributes['server.port'] === port).map((point) => point.value),
    ).toEqual([1]);
    await client429.close();
    await limited.close();
  });

  test('a closed client stops reporting its observable instruments (and is no longer held by the meter)', async () => {
    const sdk = otelSdk();
    const open = new PyxisClient({ url: server.current.url, telemetry: sdk.telemetry, maxConcurrency: 5 });
    const closed = new PyxisClient({ url: server.current.url, telemetry: sdk.telemetry, maxConcurrency: 3 });
    const caps = async () => (await sdk.points('pyxis.client.request_cap')).map((point) => point.value);
    expect(await caps()).toEqual([3]); // two clients, one attribute set: the last callback's value
    await closed.close();
    expect(await caps()).toEqual([5]);
    await open.close();
    await sdk.meterProvider.shutdown();
  });

  test('async jobs: their wait on the scheduler and their run', async () => {
    const client = pyxis();
    const async = client.beginAsyncExecution();
    const job = async.getRepositoryByPath(path());
    await job.wait();
    const [wait] = await metricsSdk.points('pyxis.job.wait.duration');
    const [run] = await metricsSdk.points('pyxis.job.run.duration');
    expect((wait?.value as Histogram | undefined)?.count).toBe(1);
    expect((run?.value as Histogram | undefined)?.count).toBe(1);
    expect((run?.value as Histogram | undefined)?.sum).toBeGreaterThan(0);
    await client.close();
  });
});
