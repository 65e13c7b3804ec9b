// What a run's HTTP requests did, from the client's events: how many, how many lookups each carried, their
// latency percentiles (an HDR histogram: constant memory however many requests), retries and 429s.
import { build, type Histogram } from 'hdr-histogram-js';
import type { PyxisEvent, PyxisPauseEvent, PyxisRequestEndEvent } from '../index.js';

/** Latency in ms of the requests (each HTTP attempt), as percentiles. */
export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface RequestStatsSnapshot {
  /** HTTP attempts made, retries included. */
  requests: number;
  /** Lookups those requests carried, summed (a retried request counts its lookups again). */
  lookupsCarried: number;
  /** Retries, and the time spent waiting before them, in ms. */
  retries: number;
  retryWaitMs: number;
  /** HTTP 429 answers. */
  rateLimited: number;
  /** Undefined before the first request ended. */
  latencyMs: LatencySummary | undefined;
}

/** The longest latency tracked exactly, in us: an hour (a slower request is counted at this value). */
const HIGHEST_US = 3_600_000_000;

export class RequestStats {
  #requests = 0;
  #lookupsCarried = 0;
  #retries = 0;
  #retryWaitMs = 0;
  #rateLimited = 0;
  /** Microseconds, 3 significant digits: about 20 KB whatever the number of requests. */
  readonly #latency: Histogram = build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });

  /** The client's `onEvent`. */
  readonly onEvent = (event: PyxisEvent): void => {
    if (event.type === 'retry') {
      this.#retries++;
      this.#retryWaitMs += event.delayMs;
    } else if (event.type === 'request-end') {
      this.#ended(event);
    }
  };

  #ended(event: PyxisRequestEndEvent): void {
    this.#requests++;
    this.#lookupsCarried += event.lookups;
    if (event.status === 429) this.#rateLimited++;
    const us = Math.min(HIGHEST_US, Math.max(1, Math.round(event.durationMs * 1000)));
    this.#latency.recordValue(us);
  }

  snapshot(): RequestStatsSnapshot {
    // The histogram answers a bucket's upper end: never more than the largest value actually seen.
    const max = this.#latency.maxValue / 1000;
    const at = (percentile: number) => Math.min(max, this.#latency.getValueAtPercentile(percentile) / 1000);
    return {
      requests: this.#requests,
      lookupsCarried: this.#lookupsCarried,
      retries: this.#retries,
      retryWaitMs: this.#retryWaitMs,
      rateLimited: this.#rateLimited,
      latencyMs: this.#requests === 0 ? undefined : { p50: at(50), p90: at(90), p99: at(99), max },
    };
  }
}

/** `--verbose`: one line per request, `request GetRepositoryByRegistryPath 200 12.3 ms trace_id=ab12 lookups=1`. */
export function formatRequestLine(event: PyxisRequestEndEvent): string {
  const parts = [
    'request',
    event.operationName ?? event.operationType ?? 'unknown',
    event.status === undefined ? (event.errorType ?? 'failed') : String(event.status),
    `${event.durationMs.toFixed(1)} ms`,
  ];
  if (event.traceId !== undefined) parts.push(`trace_id=${event.traceId}`);
  if (event.lookups > 1) parts.push(`lookups=${event.lookups}`);
  if (event.attempt > 1) parts.push(`attempt=${event.attempt}`);
  return parts.join(' ');
}

/** `--verbose`'s line for an answer that holds the whole client back, after that request's own line. */
export function formatPauseLine(event: PyxisPauseEvent): string {
  return `pause ${event.status}: no request goes out for ${(event.pauseMs / 1000).toFixed(1)} s`;
}
