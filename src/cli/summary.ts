// The counters of a run, and the one line that sums it up on stderr at the end.
import type { Traffic } from '../index.js';

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
export function formatTraffic(traffic: Traffic, adaptive: boolean): string | undefined {
  const parts: string[] = [];
  if (traffic.throttled > 0) {
    const answers = `${traffic.throttled} answer${traffic.throttled === 1 ? '' : 's'} 429/503`;
    parts.push(`${answers} paused the client for ${formatSeconds(traffic.pausedMs)} in all`);
  }
  if (adaptive) parts.push(`request cap ended at ${traffic.concurrency}`);
  return parts.length === 0 ? undefined : `traffic: ${parts.join('; ')}`;
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
