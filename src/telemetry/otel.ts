// OpenTelemetry traces and metrics, on the same notices as `onEvent`. `@opentelemetry/api` is an optional peer
// dependency: it is looked for once, when the first client with telemetry on is made, and a process without it
// pays nothing more. Without an SDK registered the API's no-op tracer and meter answer, at their cost only.
import { createRequire } from 'node:module';
import type * as OtelApi from '@opentelemetry/api';
import type { Attributes, Context, Histogram, Span, Tracer } from '@opentelemetry/api';
import type { AttemptOutcome, ObservedRequest, RequestObserver, Traffic } from '../transport/index.js';
import { errorTypeOf } from './error-type.js';

type Api = typeof OtelApi;

const require = createRequire(import.meta.url);
/** The instrumentation scope: this package, and its version. */
const SCOPE = 'pyxis-gql';
const VERSION = (require('../../package.json') as { version: string }).version;

let api: Api | null | undefined;

/**
 * `@opentelemetry/api` when it is installed, else undefined; looked for once per process. Loaded with `require`
 * (its CommonJS build) so that a client is made synchronously: the API keeps its registered providers on a global,
 * which its CommonJS and ES module copies share.
 */
function loadOtelApi(): Api | undefined {
  if (api === undefined) {
    try {
      api = require('@opentelemetry/api') as Api;
    } catch {
      api = null;
    }
  }
  return api ?? undefined;
}

/** Seconds buckets of `http.client.request.duration`, as the HTTP semantic conventions advise. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const LOOKUP_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200];
const JOB_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60];

/** A method call's span, and the context it runs in: what the call puts in its requests' `calls`. */
interface CallSpan {
  readonly span: Span;
  /** The context the call was made in: the parent of a batched request that carries this call. */
  readonly parent: Context;
  readonly context: Context;
}

/** What providers to use: the registered global ones unless given. */
export interface OtelProviders {
  tracerProvider?: { getTracer(name: string, version?: string): unknown } | undefined;
  meterProvider?: { getMeter(name: string, version?: string): unknown } | undefined;
}

/**
 * One client's OpenTelemetry: the transport's observer, and the spans of its method calls. Its declarations name
 * no type of `@opentelemetry/api`, so that the package's types hold without the API installed.
 */
export interface OtelTelemetry extends RequestObserver {
  /** Starts the span of a method call; undefined when it would record nothing (no SDK, or not sampled). */
  startCall(kind: string): CallHandle | undefined;
  endCall(call: CallHandle, error: unknown): void;
  /** An async job's wait on its scheduler and its run, in ms. */
  recordJob(waitMs: number, runMs: number | undefined): void;
  /** The client closed: its observable instruments stop reporting (and no longer hold the client). */
  close(): void;
}

/** A call's span, opaque outside this module: what a call puts in its requests' `calls`. */
export type CallHandle = object;

/**
 * The OpenTelemetry of one client, or undefined when `@opentelemetry/api` is not installed. `traffic` reads the
 * client's traffic control (its request cap, the time it paused) for the observable instruments.
 */
export function createOtelTelemetry(
  providers: OtelProviders,
  traffic: () => Traffic,
): OtelTelemetry | undefined {
  const otel = loadOtelApi();
  return otel && new Otel(otel, providers, traffic);
}

/** The client's instruments; made only when its meter is not the API's no-op one. */
interface Instruments {
  readonly duration: Histogram;
  readonly lookups: Histogram;
  readonly retries: OtelApi.Counter;
  readonly rateLimited: OtelApi.Counter;
  readonly jobWait: Histogram;
  readonly jobRun: Histogram;
}

/** `server.address` and `server.port` of the endpoint. */
interface Server extends Attributes {
  readonly 'server.address': string;
  readonly 'server.port': number;
}

class Otel implements OtelTelemetry {
  readonly #api: Api;
  /**
   * The tracer, undefined while no SDK is registered. The global provider is then the API's proxy, whose tracers
   * are no-ops until an SDK is registered: asking the proxy for its delegate costs one property read, where the
   * no-op tracer's spans, and the attributes built for them, cost 9% of case 4's wall time (bench 4b).
   */
  #tracer: Tracer | undefined;
  /** The API's proxy provider, while it has no delegate: the registration of an SDK is noticed through it. */
  #proxy: OtelApi.ProxyTracerProvider | undefined;
  /** Undefined while the meter is the API's no-op one (no SDK registered): then nothing is measured at all. */
  #metrics: Instruments | undefined;
  /**
   * Reads the client's traffic control for the observable instruments, while the global meter provider is the
   * API's no-op one: the API's metrics have no proxy, so the global provider is asked again at each request until
   * an SDK's answers.
   */
  #awaitingMeter: (() => Traffic) | undefined;
  /** What `close()` takes off the meter: the observable instruments' callbacks. */
  readonly #observing: Array<() => void> = [];
  /** HTTP requests in flight: counted here, read by the gauge only when a reader collects (no cost per request). */
  #inFlight = 0;
  /** Filled from the endpoint once: `server.address`, `server.port`. */
  #server: Server | undefined;

  constructor(otel: Api, providers: OtelProviders, traffic: () => Traffic) {
    this.#api = otel;
    const tracerProvider =
      (providers.tracerProvider as OtelApi.TracerProvider | undefined) ?? otel.trace.getTracerProvider();
    // The proxy class is deprecated in the API's 1.x: a later API without it gets the tracer as any provider's.
    if (otel.ProxyTracerProvider !== undefined && tracerProvider instanceof otel.ProxyTracerProvider) {
      this.#proxy = tracerProvider;
    } else {
      this.#tracer = tracerProvider.getTracer(SCOPE, VERSION);
    }
    const meterProvider = providers.meterProvider as OtelApi.MeterProvider | undefined;
    this.#metrics = this.#instruments(meterProvider ?? otel.metrics, traffic);
    if (this.#metrics === undefined && meterProvider === undefined) this.#awaitingMeter = traffic;
  }

  /** The client's instruments on the provider's meter; undefined when that is the API's no-op meter. */
  #instruments(provider: OtelApi.MeterProvider, traffic: () => Traffic): Instruments | undefined {
    const meter = provider.getMeter(SCOPE, VERSION);
    if (meter === this.#api.createNoopMeter()) return undefined;
    const observe = (instrument: OtelApi.Observable, callback: OtelApi.ObservableCallback) => {
      instrument.addCallback(callback);
      this.#observing.push(() => instrument.removeCallback(callback));
    };
    // Read only when a reader collects: nothing per request.
    observe(
      meter.createObservableUpDownCounter('http.client.active_requests', {
        description: 'HTTP requests in flight.',
        unit: '{request}',
      }),
      (result) => {
        if (this.#server !== undefined) result.observe(this.#inFlight, this.#server);
      },
    );
    observe(
      meter.createObservableGauge('pyxis.client.request_cap', {
        description: 'How many HTTP requests the client may have in flight at once.',
        unit: '{request}',
      }),
      (result) => result.observe(traffic().concurrency),
    );
    observe(
      meter.createObservableCounter('pyxis.client.pause.duration', {
        description:
          'Time the whole client held every new request back after 429 and 503 answers (overlapping pauses once).',
        unit: 's',
      }),
      (result) => {
        if (this.#server !== undefined) result.observe(traffic().pausedMs / 1000, this.#server);
      },
    );
    return {
      duration: meter.createHistogram('http.client.request.duration', {
        description: 'Duration of HTTP client requests (each attempt).',
        unit: 's',
        advice: { explicitBucketBoundaries: DURATION_BUCKETS },
      }),
      lookups: meter.createHistogram('pyxis.client.request.lookups', {
        description: 'Lookups one HTTP request carried (more than 1 when batched).',
        unit: '{lookup}',
        advice: { explicitBucketBoundaries: LOOKUP_BUCKETS },
      }),
      retries: meter.createCounter('pyxis.client.retries', {
        description: 'Requests sent again after a failed attempt.',
        unit: '{retry}',
      }),
      rateLimited: meter.createCounter('pyxis.client.rate_limited', {
        description: 'HTTP 429 responses: the server asking the client to slow down.',
        unit: '{response}',
      }),
      jobWait: meter.createHistogram('pyxis.job.wait.duration', {
        description: 'Time an async job waited on its scheduler before it started.',
        unit: 's',
        advice: { explicitBucketBoundaries: JOB_BUCKETS },
      }),
      jobRun: meter.createHistogram('pyxis.job.run.duration', {
        description: 'Time an async job ran.',
        unit: 's',
        advice: { explicitBucketBoundaries: JOB_BUCKETS },
      }),
    };
  }

  /** The tracer, or undefined while no SDK is registered (what the proxy would hand over is a no-op). */
  #liveTracer(): Tracer | undefined {
    if (this.#tracer === undefined) {
      const tracer = this.#proxy?.getDelegateTracer(SCOPE, VERSION);
      if (tracer === undefined) return undefined;
      this.#tracer = tracer;
      this.#proxy = undefined;
    }
    return this.#tracer;
  }

  /** The instruments, made once a global MeterProvider is registered (a meter got before stays a no-op one). */
  #liveMetrics(): Instruments | undefined {
    if (this.#awaitingMeter !== undefined) {
      this.#metrics = this.#instruments(this.#api.metrics, this.#awaitingMeter);
      if (this.#metrics !== undefined) this.#awaitingMeter = undefined;
    }
    return this.#metrics;
  }

  close(): void {
    for (const stop of this.#observing.splice(0)) stop();
    this.#awaitingMeter = undefined; // nor made after it closed
  }

  /** Without an SDK, a request has nothing to record: the transport does not watch it. */
  watching(): boolean {
    return this.#liveMetrics() !== undefined || this.#liveTracer() !== undefined;
  }

  startCall(kind: string): CallSpan | undefined {
    const tracer = this.#liveTracer();
    if (tracer === undefined) return undefined;
    const otel = this.#api;
    const parent = otel.context.active();
    const name = methodOf(kind);
    const span = tracer.startSpan(name, { attributes: { 'pyxis.method': name } }, parent);
    if (!span.isRecording()) {
      span.end();
      return undefined;
    }
    return { span, parent, context: otel.trace.setSpan(parent, span) };
  }

  endCall(handle: CallHandle, error: unknown): void {
    const call = handle as CallSpan;
    if (error !== undefined) failed(this.#api, call.span, errorTypeOf(error, undefined), error);
    call.span.end();
  }

  recordJob(waitMs: number, runMs: number | undefined): void {
    const metrics = this.#liveMetrics();
    if (metrics === undefined) return;
    metrics.jobWait.record(waitMs / 1000);
    if (runMs !== undefined) metrics.jobRun.record(runMs / 1000);
  }

  /** The attempt's span; undefined when there is no SDK's tracer (its spans would record nothing). */
  attemptStarted(request: ObservedRequest, attempt: number): Span | undefined {
    this.#inFlight += 1;
    const tracer = this.#liveTracer();
    if (tracer === undefined) return undefined;
    const otel = this.#api;
    const calls = request.options.calls as ReadonlyArray<CallSpan | undefined> | undefined;
    const batched = request.lookups > 1;
    // A request that serves one call is its child; one that serves many belongs to none of them: it is a child
    // of the context the first of them was made in, and each of them links to it (and it to each of them).
    const first = batched ? calls?.find((call) => call !== undefined) : calls?.[0];
    const parent = first === undefined ? otel.context.active() : batched ? first.parent : first.context;
    const server = this.#serverOf(request.url);
    // Given at the start, not set later: a sampler decides on them.
    const attributes: Attributes = {
      'http.request.method': 'POST',
      'server.address': server['server.address'],
      'server.port': server['server.port'],
      'url.full': request.url,
      'graphql.operation.type': request.operationType,
      'graphql.operation.name': request.operationName,
      'pyxis.request.lookups': request.lookups,
    };
    if (attempt > 1) attributes['http.request.resend_count'] = attempt - 1;
    if (!batched) return tracer.startSpan('POST', { kind: otel.SpanKind.CLIENT, attributes }, parent);
    const carried = calls?.filter((call): call is CallSpan => call !== undefined) ?? [];
    const span = tracer.startSpan(
      'POST',
      {
        kind: otel.SpanKind.CLIENT,
        attributes,
        links: carried.map((call) => ({ context: call.span.spanContext() })),
      },
      parent,
    );
    for (const call of carried) call.span.addLink({ context: span.spanContext() });
    return span;
  }

  attemptEnded(request: ObservedRequest, _attempt: number, handle: unknown, outcome: AttemptOutcome): void {
    this.#inFlight -= 1;
    const span = handle as Span | undefined;
    const metrics = this.#metrics;
    if (span === undefined && metrics === undefined) return;
    const errorType = outcome.error === undefined ? undefined : errorTypeOf(outcome.error, outcome.status);
    if (span !== undefined) {
      if (outcome.status !== undefined) span.setAttribute('http.response.status_code', outcome.status);
      if (outcome.traceId !== undefined) span.setAttribute('pyxis.trace_id', outcome.traceId);
      if (errorType !== undefined) failed(this.#api, span, errorType, outcome.error);
      span.end();
    }
    if (metrics === undefined) return;
    const server = this.#serverOf(request.url);
    const metric: Attributes = {
      'http.request.method': 'POST',
      'server.address': server['server.address'],
      'server.port': server['server.port'],
      'graphql.operation.name': request.operationName,
    };
    if (outcome.status !== undefined) metric['http.response.status_code'] = outcome.status;
    if (errorType !== undefined) metric['error.type'] = errorType;
    if (outcome.status === 429) metrics.rateLimited.add(1, server);
    metrics.duration.record(outcome.durationMs / 1000, metric);
    // No attributes: hashing them is most of what a metric record costs with the SDK.
    metrics.lookups.record(request.lookups);
  }

  retrying(request: ObservedRequest, _attempt: number, error: unknown): void {
    this.#metrics?.retries.add(1, {
      ...this.#serverOf(request.url),
      'error.type': errorTypeOf(error, undefined),
    });
  }

  #serverOf(url: string): Server {
    if (this.#server === undefined) {
      const parsed = new URL(url);
      const port = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
      this.#server = { 'server.address': parsed.hostname, 'server.port': port };
    }
    return this.#server;
  }
}

function failed(otel: Api, span: Span, errorType: string, error: unknown): void {
  span.setAttribute('error.type', errorType);
  // Messages of PyxisErrors hold no credentials: the transport redacts them.
  const message = error instanceof Error ? error.message : String(error);
  span.setStatus({ code: otel.SpanStatusCode.ERROR, message });
}

/** A lookup's kind without what a paged lookup adds after its name (its caps). */
function methodOf(kind: string): string {
  const end = kind.indexOf('\u0000');
  return end === -1 ? kind : kind.slice(0, end);
}
