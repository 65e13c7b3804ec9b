// The counters of a run, and the one line that sums it up on stderr at the end.
import type { Traffic } from '../index.js';
import type { RequestStatsSnapshot } from './request-stats.js';

/** What a run has done so far: the progress bar shows it while it runs, the summary when it ends. */
export interface TallySnapshot {
  /** Inputs read so far. */
  readonly read: number;
  /** Inputs there are: known up front for arguments and files, otherwise once the input has ended. */
  readonly total: number | undefined;
  readonly ok: number;
  readonly failed: number;
  readonly skipped: number;
  readonly elapsedMs: number;
}

export class Tally {
  read = 0;
  total: number | undefined;
  ok = 0;
  failed = 0;
  skipped = 0;
  readonly #startedAt: number;

  readonly #now: () => number;

  constructor(total: number | undefined, now: () => number = performance.now.bind(performance)) {
    this.total = total;
    this.#now = now;
    this.#startedAt = now();
  }

  get done(): number {
    return this.ok + this.failed + this.skipped;
  }

  /** The input has ended: from now on its size is known. */
  inputEnded(): void {
    this.total = this.read;
  }

  snapshot(): TallySnapshot {
    const { read, total, ok, failed, skipped } = this;
    return { read, total, ok, failed, skipped, elapsedMs: this.#now() - this.#startedAt };
  }
}

export function doneOf(tally: TallySnapshot): number {
  return tally.ok + tally.failed + tally.skipped;
}

/** Lookups per second so far, 0 before the first millisecond has passed. */
export function rateOf(tally: TallySnapshot): number {
  return tally.elapsedMs > 0 ? (doneOf(tally) * 1000) / tally.elapsedMs : 0;
}

/** Why a run ended before every input was looked up. */
export type StopReason = 'interrupted' | 'output closed' | 'stopped by an error';

/**
 * `repo: 2005 lookups in 1.8 s (1,113/s): 2000 ok, 5 failed, 0 skipped`. When the run was stopped, it also says how
 * many lookups were in flight and abandoned, so that nothing disappears without being counted.
 */
export function formatSummary(command: string, tally: TallySnapshot, stopped?: StopReason): string {
  const done = doneOf(tally);
  const counts = `${tally.ok} ok, ${tally.failed} failed, ${tally.skipped} skipped`;
  const timing = `in ${formatSeconds(tally.elapsedMs)} (${formatRate(rateOf(tally))})`;
  const lookups = `${done} lookup${done === 1 ? '' : 's'}`;
  if (stopped === undefined) return `${command}: ${lookups} ${timing}: ${counts}`;
  const abandoned = tally.read - done;
  return `${command}: ${stopped} after ${lookups} ${timing}: ${counts}; ${abandoned} in flight abandoned`;
}

/**
 * What the client's traffic control did, when there is something to say: the 429 and 503 answers that paused the
 * client and for how long, and where an adaptive request cap ended.
 */
export function formatTraffic(traffic: Traffic, adaptive: boolean): string[] {
  const parts: string[] = [];
  if (traffic.throttled > 0) {
    const answers = `${traffic.throttled} answer${traffic.throttled === 1 ? '' : 's'} 429/503`;
    parts.push(`${answers} paused the client for ${formatSeconds(traffic.pausedMs)} in all`);
  }
  if (adaptive) parts.push(`request cap ended at ${traffic.concurrency}`);
  return parts.length === 0 ? [] : [`traffic: ${parts.join('; ')}`];
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

export function formatRate(perSecond: number): string {
  const shown = perSecond >= 100 ? Math.round(perSecond) : Number(perSecond.toFixed(1));
  return `${shown.toLocaleString('en-US')}/s`;
}

/**
 * The requests' side of the summary, like a load tool's: `repo: 41 requests (22.8/s), 48.9 lookups per request,
 * retries 2 (waited 0.3 s), 429s 1` and `repo: latency per request p50 12.1 ms, p90 20.3 ms, p99 35 ms, max 41 ms`.
 * Nothing when no request was made.
 */
export function formatRequestSummary(
  command: string,
  stats: RequestStatsSnapshot,
  elapsedMs: number,
): string[] {
  if (stats.requests === 0 || stats.latencyMs === undefined) return [];
  const perRequest = stats.lookupsCarried / stats.requests;
  const rate = elapsedMs > 0 ? (stats.requests * 1000) / elapsedMs : 0;
  const requests = `${stats.requests} request${stats.requests === 1 ? '' : 's'} (${formatRate(rate)})`;
  const retries = `retries ${stats.retries}${stats.retries > 0 ? ` (waited ${formatSeconds(stats.retryWaitMs)})` : ''}`;
  const { p50, p90, p99, max } = stats.latencyMs;
  return [
    `${command}: ${requests}, ${round(perRequest)} lookups per request, ${retries}, 429s ${stats.rateLimited}`,
    `${command}: latency per request p50 ${ms(p50)}, p90 ${ms(p90)}, p99 ${ms(p99)}, max ${ms(max)}`,
  ];
}

/** `--stats json`: the whole summary as one JSON object, for scripts. */
export function summaryJson(
  command: string,
  tally: TallySnapshot,
  stats: RequestStatsSnapshot,
  stopped?: StopReason,
  traffic?: Traffic,
): string {
  const seconds = tally.elapsedMs / 1000;
  return JSON.stringify({
    command,
    lookups: doneOf(tally),
    ok: tally.ok,
    failed: tally.failed,
    skipped: tally.skipped,
    stopped: stopped ?? null,
    abandoned: stopped === undefined ? 0 : tally.read - doneOf(tally),
    elapsedMs: round(tally.elapsedMs),
    lookupsPerSecond: round(rateOf(tally)),
    requests: stats.requests,
    requestsPerSecond: seconds > 0 ? round(stats.requests / seconds) : 0,
    lookupsPerRequest: stats.requests > 0 ? round(stats.lookupsCarried / stats.requests) : 0,
    latencyMs: stats.latencyMs ?? null,
    retries: stats.retries,
    retryWaitMs: round(stats.retryWaitMs),
    rateLimited: stats.rateLimited,
    pausedMs: traffic?.pausedMs ?? 0,
    requestCap: traffic?.concurrency ?? null,
  });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function ms(value: number): string {
  return `${value >= 100 ? Math.round(value) : round(value)} ms`;
}
