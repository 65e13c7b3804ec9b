// The client against the embedded server on loopback: fan-out efficiency, auto-batching, parallel pages, and the
// client's own overhead over raw undici. Every figure is a ratio to a baseline measured in the same run, with the
// package as users run it (the build).
import { Agent, request as undiciRequest } from 'undici';
import type { DatasetRegistryPath } from '../../src/server/index.js';
import { type Built, loadBuilt } from '../built.js';
import { type BenchCase, type BenchRow, bestOfInterleaved, timeIt } from '../harness.js';
import { type ServerProcess, startServerProcess } from '../server-process.js';

type PyxisClient = InstanceType<Built['PyxisClient']>;

const LATENCY_MS = 20;
const HTTP_CONCURRENCY = 50;

/** `count` lookups of existing paths, `concurrency` at a time; resolves to how many were found. */
async function lookups(
  { gather }: Built,
  pyxis: PyxisClient,
  server: ServerProcess,
  count: number,
  concurrency: number,
): Promise<number> {
  const paths = Array.from({ length: count }, (_, i) => server.paths[i % server.paths.length] as never);
  const results = await gather(
    paths.map((path) => (signal: AbortSignal) => pyxis.getRepositoryByPath(path, { signal })),
    { concurrency },
  );
  if (results.some((repository) => repository === null))
    throw new Error('a lookup of an existing path failed');
  return results.length;
}

async function fanOutAndBatching(quick: boolean): Promise<BenchRow[]> {
  const built = await loadBuilt();
  const { PyxisClient, gather } = built;
  const count = quick ? 500 : 5_000;
  const server = await startServerProcess(LATENCY_MS);
  try {
    const ideal = Math.ceil(count / HTTP_CONCURRENCY) * LATENCY_MS;
    const maxSize = 50;
    const unbatched = new PyxisClient({ url: server.url, maxConcurrency: HTTP_CONCURRENCY });
    const batched = new PyxisClient({
      url: server.url,
      maxConcurrency: HTTP_CONCURRENCY,
      batch: { maxSize },
    });
    // The same lookups posted with bare undici.request: what this server and machine allow at all.
    const agent = new Agent({ connections: HTTP_CONCURRENCY });
    const query =
      'query Q($registry: String, $repository: String) { get_repository_by_registry_path(registry: $registry, repository: $repository) { error { status } data { registry repository } } }';
    const raw = async () => {
      const results = await gather(
        Array.from({ length: count }, (_, i) => async () => {
          const response = await undiciRequest(server.url, {
            method: 'POST',
            dispatcher: agent,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query, variables: server.paths[i % server.paths.length] }),
          });
          return response.body.json();
        }),
        { concurrency: HTTP_CONCURRENCY },
      );
      return results.length;
    };
    // Rounds interleave the three, best of each: this shared machine has slow spells.
    const best = await bestOfInterleaved(
      {
        unbatched: () => lookups(built, unbatched, server, count, HTTP_CONCURRENCY),
        raw,
        // With batching, every lookup can be in flight at once: HTTP requests in flight are still capped at 50.
        batched: () => lookups(built, batched, server, count, count),
      },
      quick ? 1 : 5,
      count,
    );
    await agent.close();

    let requests = 0;
    const counting = new PyxisClient({
      url: server.url,
      maxConcurrency: HTTP_CONCURRENCY,
      batch: { maxSize },
      fetch: (input, init) => {
        requests += 1;
        return fetch(input, init);
      },
    });
    await lookups(built, counting, server, count, count);
    const expectedRequests = Math.ceil(count / maxSize);
    const speedUp = best.unbatched / best.batched;
    return [
      {
        case: '1 fan-out',
        metric: `${count} lookups, ${LATENCY_MS} ms latency, concurrency ${HTTP_CONCURRENCY}: wall / ideal`,
        value: best.unbatched / ideal,
        target: '<= 1.10',
        ok: best.unbatched / ideal <= 1.1,
      },
      {
        case: '1 fan-out',
        metric: 'the floor: bare undici.request, same lookups and concurrency: wall / ideal',
        value: best.raw / ideal,
      },
      {
        case: '2 batching',
        metric: `unbatched wall / auto-batched wall (all ${count} lookups issued at once)`,
        value: speedUp,
        target: '>= 10',
        ok: speedUp >= 10,
      },
      {
        case: '2 batching',
        metric: `HTTP requests sent (ceil(N / ${maxSize}) = ${expectedRequests})`,
        value: requests,
        unit: 'requests',
        target: `= ${expectedRequests}`,
        ok: requests === expectedRequests,
      },
    ];
  } finally {
    await server.stop();
  }
}

/**
 * Auto-batching against its floor: the same lookups as hand-merged aliased documents, posted with bare
 * undici.request by a caller who knows the batches in advance. What the client adds on top (collecting the
 * lookups, merging, renaming, splitting the answer, a promise per lookup) is the ratio.
 */
export function batchingRunners(
  built: Built,
  server: ServerProcess,
  count: number,
  maxSize = 50,
  clientOptions: { telemetry?: false } = {},
) {
  const batched = new built.PyxisClient({
    url: server.url,
    maxConcurrency: HTTP_CONCURRENCY,
    batch: { maxSize },
    ...clientOptions,
  });
  const agent = new Agent({ connections: HTTP_CONCURRENCY });
  const field = 'get_repository_by_registry_path';
  // Written as a person would write it: one aliased field per lookup, the fragments' fields spelled out.
  const definitions = Array.from({ length: maxSize }, (_, i) => `$r${i}: String, $p${i}: String`).join(', ');
  const selections = Array.from(
    { length: maxSize },
    (_, i) =>
      `a${i}: ${field}(registry: $r${i}, repository: $p${i}) { error { status detail } data { release_categories auto_rebuild_tags registry repository published } }`,
  ).join(' ');
  const document = `query Merged(${definitions}) { ${selections} }`;
  const floor = async () => {
    const answers = await Promise.all(
      Array.from({ length: Math.ceil(count / maxSize) }, async (_, batch) => {
        const variables: Record<string, string> = {};
        for (let i = 0; i < maxSize && batch * maxSize + i < count; i++) {
          const path = server.paths[(batch * maxSize + i) % server.paths.length] as DatasetRegistryPath;
          variables[`r${i}`] = path.registry;
          variables[`p${i}`] = path.repository;
        }
        const response = await undiciRequest(server.url, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: document, variables }),
        });
        const { data } = (await response.body.json()) as {
          data: Record<string, { data: unknown } | null>;
        };
        // The aliases past the last lookup asked for nothing (their variables are null).
        return Object.values(data).filter((answer) => answer?.data);
      }),
    );
    return answers.reduce((found, part) => found + part.length, 0);
  };
  return {
    floor,
    batched: () => lookups(built, batched, server, count, count),
    close: async () => {
      await agent.close();
      await batched.close();
    },
  };
}

/** `run`, with the process's CPU time of its fastest round (user + system, ms) kept in `cpu`. */
function withCpu(run: () => Promise<number>, cpu: { best: number }): () => Promise<number> {
  return async () => {
    const start = process.cpuUsage();
    const produced = await run();
    const used = process.cpuUsage(start);
    cpu.best = Math.min(cpu.best, (used.user + used.system) / 1000);
    return produced;
  };
}

async function batchingFloor(quick: boolean): Promise<BenchRow[]> {
  const built = await loadBuilt();
  const count = quick ? 200 : 2_000;
  const maxSize = 50;
  const server = await startServerProcess(LATENCY_MS);
  try {
    const runners = batchingRunners(built, server, count, maxSize);
    // CPU time is that of the client's process (the server has its own): steadier than wall time on a busy machine.
    const cpu = { floor: { best: Number.POSITIVE_INFINITY }, batched: { best: Number.POSITIVE_INFINITY } };
    // Rounds interleave the two, best of each: this shared machine has slow spells.
    const best = await bestOfInterleaved(
      { floor: withCpu(runners.floor, cpu.floor), batched: withCpu(runners.batched, cpu.batched) },
      quick ? 1 : 5,
      count,
    );
    await runners.close();
    const ratio = best.batched / best.floor;
    return [
      {
        case: '2 batching',
        metric: `${count} lookups issued at once, ${LATENCY_MS} ms latency: auto-batched wall / hand-merged floor`,
        value: ratio,
        target: '<= 1.15',
        ok: ratio <= 1.15,
      },
      {
        case: '2 batching',
        metric: `the floor: the same as ${Math.ceil(count / maxSize)} hand-merged documents, bare undici.request`,
        value: best.floor,
        unit: 'ms',
      },
      {
        case: '2 batching',
        metric: 'client CPU per lookup, auto-batched / the floor (process.cpuUsage, best round)',
        value: (cpu.batched.best * 1000) / count,
        unit: `us / ${((cpu.floor.best * 1000) / count).toFixed(1)} us`,
      },
    ];
  } finally {
    await server.stop();
  }
}

async function pagination(quick: boolean): Promise<BenchRow[]> {
  const { PyxisClient } = await loadBuilt();
  const server = await startServerProcess(LATENCY_MS, 2_000);
  try {
    const probe = new PyxisClient({ url: server.url, pageSize: 500 });
    const total = (await probe.findRepositories()).length;
    const pages = quick ? 10 : 40;
    const pageSize = Math.ceil(total / pages);
    const sequential = new PyxisClient({ url: server.url, pageSize, pageConcurrency: 1 });
    const parallel = new PyxisClient({ url: server.url, pageSize });
    await parallel.findRepositories();
    const sequentialTime = await timeIt(() => sequential.findRepositories());
    const parallelTime = await timeIt(() => parallel.findRepositories());
    return [
      {
        case: '3 pagination',
        metric: `${pages} pages, ${LATENCY_MS} ms latency: sequential / parallel`,
        value: sequentialTime / parallelTime,
        target: '>= 5',
        ok: sequentialTime / parallelTime >= 5,
      },
    ];
  } finally {
    await server.stop();
  }
}

async function overhead(quick: boolean): Promise<BenchRow[]> {
  const { PyxisClient, gather } = await loadBuilt();
  const count = quick ? 1_000 : 20_000;
  const concurrency = 16;
  const server = await startServerProcess(0);
  try {
    const query = 'query Ping { get_ping }';
    const pyxis = new PyxisClient({ url: server.url, maxConcurrency: concurrency });
    const viaClient = () =>
      gather(
        Array.from({ length: count }, (_, i) => () => pyxis.request(query, { n: i })),
        { concurrency },
      );
    const agent = new Agent({ connections: concurrency });
    const viaUndici = () =>
      gather(
        Array.from({ length: count }, (_, i) => async () => {
          const response = await undiciRequest(server.url, {
            method: 'POST',
            dispatcher: agent,
            headers: {
              'content-type': 'application/json',
              accept: 'application/graphql-response+json, application/json',
            },
            body: JSON.stringify({ query, variables: { n: i } }),
          });
          const body = (await response.body.json()) as { data?: unknown };
          if (!body.data) throw new Error('no data');
          return body.data;
        }),
        { concurrency },
      );
    await viaClient();
    await viaUndici();
    let clientBest = Number.POSITIVE_INFINITY;
    let undiciBest = Number.POSITIVE_INFINITY;
    for (let round = 0; round < (quick ? 1 : 3); round++) {
      clientBest = Math.min(clientBest, await timeIt(viaClient));
      undiciBest = Math.min(undiciBest, await timeIt(viaUndici));
    }
    await agent.close();
    const ratio = undiciBest / clientBest; // requests/s of the client over requests/s of raw undici
    return [
      {
        case: '4 client overhead',
        metric: `pyxis.request req/s over raw undici.request req/s (${Math.round((count / clientBest) * 1000)} vs ${Math.round((count / undiciBest) * 1000)})`,
        value: ratio,
        target: '>= 0.7',
        ok: ratio >= 0.7,
      },
    ];
  } finally {
    await server.stop();
  }
}

/**
 * Case 4's client with OpenTelemetry: off (`telemetry: false`, the baseline), on with the API installed and no SDK
 * registered (the default: the API's no-op tracer and meter), and on with the SDK's tracer and meter exporting to
 * memory (every span kept, metrics aggregated). The SDK is given to the client, never registered globally, so that
 * the no-op client stays a no-op one. Spans go through a `BatchSpanProcessor`, as a user's SDK sends them (the
 * NodeSDK's default); every one of them is counted into the exporter, so that none is dropped unseen.
 *
 * A fourth runner, the SDK's floor, is the client with telemetry off and the same SDK work done by hand around each
 * request (a call span, its POST child with the same attributes, the two histogram records): what the SDK itself
 * costs, the part of the SDK's ratio that no instrumentation can take away. A fifth, the SDK's least, makes one span
 * a request by hand and nothing else.
 */
export async function telemetryRunners(
  built: Built,
  server: ServerProcess,
  count: number,
  concurrency: number,
) {
  const { PyxisClient, gather } = built;
  const api = await import('@opentelemetry/api');
  const { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter } = await import(
    '@opentelemetry/sdk-trace-base'
  );
  const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');
  class CollectingReader extends MetricReader {
    protected async onShutdown(): Promise<void> {}
    protected async onForceFlush(): Promise<void> {}
  }
  type Exported = Parameters<InstanceType<typeof InMemorySpanExporter>['export']>;
  /** Keeps the last spans it was given, and counts them all. */
  class CountingExporter extends InMemorySpanExporter {
    exported = 0;
    override export(spans: Exported[0], done: Exported[1]): void {
      this.exported += spans.length;
      // Let go of what it holds, as an exporter does once it sent them: 20,000 requests' spans held at once
      // would measure the garbage collector rather than the client.
      if (this.getFinishedSpans().length > 2_000) this.reset();
      super.export(spans, done);
    }
  }
  const sdk = () => {
    const spans = new CountingExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(spans)] });
    const reader = new CollectingReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    return { spans, tracerProvider, reader, meterProvider };
  };
  const query = 'query Ping { get_ping }';
  const instrumented = sdk();
  const byHand = sdk();
  const least = sdk();
  const clients = {
    off: new PyxisClient({ url: server.url, maxConcurrency: concurrency, telemetry: false }),
    noop: new PyxisClient({ url: server.url, maxConcurrency: concurrency }),
    sdk: new PyxisClient({
      url: server.url,
      maxConcurrency: concurrency,
      telemetry: { tracerProvider: instrumented.tracerProvider, meterProvider: instrumented.meterProvider },
    }),
    floor: new PyxisClient({ url: server.url, maxConcurrency: concurrency, telemetry: false }),
    least: new PyxisClient({ url: server.url, maxConcurrency: concurrency, telemetry: false }),
  };
  const run = (pyxis: PyxisClient) => async () => {
    const results = await gather(
      Array.from({ length: count }, (_, i) => () => pyxis.request(query, { n: i })),
      { concurrency },
    );
    return results.length;
  };
  const tracer = byHand.tracerProvider.getTracer('floor');
  const meter = byHand.meterProvider.getMeter('floor');
  const duration = meter.createHistogram('http.client.request.duration', {
    advice: {
      explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5],
    },
  });
  const perRequest = meter.createHistogram('pyxis.client.request.lookups');
  const { hostname, port } = new URL(server.url);
  const floor = async () => {
    const results = await gather(
      Array.from({ length: count }, (_, i) => async () => {
        const parent = api.context.active();
        const call = tracer.startSpan('request', { attributes: { 'pyxis.method': 'request' } }, parent);
        const post = tracer.startSpan(
          'POST',
          {
            kind: api.SpanKind.CLIENT,
            attributes: {
              'http.request.method': 'POST',
              'server.address': hostname,
              'server.port': Number(port),
              'url.full': server.url,
              'graphql.operation.type': 'query',
              'graphql.operation.name': 'Ping',
              'pyxis.request.lookups': 1,
            },
          },
          api.trace.setSpan(parent, call),
        );
        const startedAt = performance.now();
        const response = await clients.floor.request(query, { n: i });
        post.setAttribute('http.response.status_code', 200);
        post.end();
        duration.record((performance.now() - startedAt) / 1000, {
          'http.request.method': 'POST',
          'server.address': hostname,
          'server.port': Number(port),
          'graphql.operation.name': 'Ping',
          'http.response.status_code': 200,
        });
        perRequest.record(1);
        call.end();
        return response;
      }),
      { concurrency },
    );
    return results.length;
  };
  const oneSpan = least.tracerProvider.getTracer('least');
  const leastRunner = async () => {
    const results = await gather(
      Array.from({ length: count }, (_, i) => async () => {
        const span = oneSpan.startSpan('request', { attributes: { 'pyxis.method': 'request' } });
        const response = await clients.least.request(query, { n: i });
        span.end();
        return response;
      }),
      { concurrency },
    );
    return results.length;
  };
  return {
    runners: {
      off: run(clients.off),
      noop: run(clients.noop),
      sdk: run(clients.sdk),
      floor,
      least: leastRunner,
    },
    /**
     * Checks that every span of `requests` requests was exported: two a request (the call's, the attempt's), one
     * for the least.
     */
    async check(requests: number): Promise<void> {
      for (const [{ spans, tracerProvider, reader }, perRequest] of [
        [instrumented, 2],
        [byHand, 2],
        [least, 1],
      ] as const) {
        await tracerProvider.forceFlush();
        await reader.collect();
        if (spans.exported !== perRequest * requests)
          throw new Error(`${spans.exported} spans exported, not ${perRequest * requests}`);
      }
    },
    close: () => Promise.all(Object.values(clients).map((pyxis) => pyxis.close())),
  };
}

async function telemetryOverhead(quick: boolean): Promise<BenchRow[]> {
  const count = quick ? 1_000 : 20_000;
  const rounds = quick ? 1 : 11; // shuffled: more rounds give each runner more rounds behind a light one
  const server = await startServerProcess(0);
  try {
    const { runners, check, close } = await telemetryRunners(await loadBuilt(), server, count, 16);
    const best = await bestOfInterleaved(runners, rounds, count, { shuffle: true });
    await check(count * (rounds + 1)); // every round and the warm-up one
    await close();
    const noop = best.noop / best.off;
    const sdkRatio = best.sdk / best.off;
    return [
      {
        case: '4b telemetry overhead',
        metric: 'wall time, OTel API and no SDK (no-op tracer) over telemetry off',
        value: noop,
        target: '<= 1.03',
        ok: noop <= 1.03,
      },
      {
        case: '4b telemetry overhead',
        metric: 'wall time, OTel SDK (batch span processor) with in-memory exporters over telemetry off',
        value: sdkRatio,
        target: '<= 1.25',
        ok: sdkRatio <= 1.25,
      },
      {
        case: '4b telemetry overhead',
        metric:
          "the SDK's floor: the same spans and records made by hand around telemetry off, over telemetry off",
        value: best.floor / best.off,
      },
      {
        case: '4b telemetry overhead',
        metric:
          "the SDK's least: one span a request made by hand (no metric) around telemetry off, over telemetry off",
        value: best.least / best.off,
      },
    ];
  } finally {
    await server.stop();
  }
}

const client: BenchCase = {
  name: 'client',
  async run({ quick }) {
    return [
      ...(await fanOutAndBatching(quick)),
      ...(await batchingFloor(quick)),
      ...(await pagination(quick)),
      ...(await overhead(quick)),
      ...(await telemetryOverhead(quick)),
    ];
  },
};

export default client;
