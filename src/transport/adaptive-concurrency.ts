import type { RequestCap } from './request-cap.js';

/** `maxConcurrency: { adaptive: true }`: a cap that follows the server, between `min` and `max`. */
export interface AdaptiveConcurrencyOptions {
  adaptive: true;
  /** Default 1. */
  min?: number;
  /** Default 128. */
  max?: number;
  /** Where the cap starts. Default 16 (the fixed default), within `min` and `max`. */
  initial?: number;
}

/**
 * An average latency over a round this many times the usual fast one says requests queue at the server. Some queue
 * is wanted (a server kept busy serves the most), a growing one is not: at 1.4 a server of capacity 24 answering in
 * 20 ms gets about 40 requests in flight, the 16 past its capacity waiting one turn.
 */
const QUEUEING = 1.4;
/** The cap after a round whose latency says the server queues: a gentle step down. */
const QUEUEING_BACKOFF = 0.9;
/** The cap after a 429, a 503 or a timeout: the server said so itself. */
const OVERLOAD_BACKOFF = 0.5;
/** How many latencies make one window of the baseline. */
const BASELINE_WINDOW = 250;
/**
 * The baseline is this quantile of a window's latencies: a fast answer, but not the one luckiest answer, which on a
 * busy machine is far faster than the usual fast one and would read every round as queueing.
 */
const BASELINE_QUANTILE = 0.1;

/**
 * Sets a RequestCap's limit from what the requests see, additive increase and multiplicative decrease (AIMD), as
 * TCP does for its window and Netflix's concurrency-limits does for services. It reads the answers a round at a
 * time, a round being as many answers as the cap:
 * - a round whose average latency stayed within 1.4 times the baseline, with the cap in use, adds one slot; one
 *   past that takes 10% off;
 * - a 429, a 503 or a timeout halves the cap at once, once per round: an answer to a request sent before the last
 *   step down says nothing new (fifty 429s from one burst halve the cap once, not fifty times).
 * The baseline is a fast latency of the server lately: the tenth percentile of the last window of 250 answers, or
 * of the one before if that was lower, so that it follows a server that became slower for good.
 */
export class AdaptiveConcurrency {
  readonly #cap: RequestCap;
  readonly #min: number;
  readonly #max: number;
  #limit: number;
  #steppedDownAt = Number.NEGATIVE_INFINITY;
  readonly #window: number[] = [];
  #baseline = Number.POSITIVE_INFINITY;
  #previousBaseline = Number.POSITIVE_INFINITY;
  /** The round so far: answers, their latencies summed, and whether the cap was in use. */
  #roundAnswers = 0;
  #roundLatency = 0;
  #roundBusy = false;

  constructor(cap: RequestCap, { min, max }: Required<Omit<AdaptiveConcurrencyOptions, 'adaptive'>>) {
    this.#cap = cap;
    this.#min = min;
    this.#max = max;
    this.#limit = cap.limit;
  }

  /** An attempt succeeded after `latency` ms. */
  succeeded(latency: number): void {
    this.#learn(latency);
    this.#roundAnswers += 1;
    this.#roundLatency += latency;
    if (this.#cap.inFlight >= this.#limit / 2) this.#roundBusy = true;
    if (this.#roundAnswers < this.#limit) return;
    const average = this.#roundLatency / this.#roundAnswers;
    const baseline = Math.min(this.#baseline, this.#previousBaseline, this.#fastestSoFar());
    if (average > baseline * QUEUEING) this.#stepDown(QUEUEING_BACKOFF);
    else if (this.#roundBusy) this.#set(this.#limit + 1);
    this.#roundAnswers = 0;
    this.#roundLatency = 0;
    this.#roundBusy = false;
  }

  /** An attempt sent at `sentAt` (performance.now()) got a 429 or 503, or timed out. */
  overloaded(sentAt: number): void {
    if (sentAt < this.#steppedDownAt) return;
    this.#stepDown(OVERLOAD_BACKOFF);
  }

  #stepDown(factor: number): void {
    this.#steppedDownAt = performance.now();
    this.#set(this.#limit * factor);
  }

  #set(limit: number): void {
    this.#limit = Math.min(this.#max, Math.max(this.#min, limit));
    const slots = Math.floor(this.#limit);
    if (slots !== this.#cap.limit) this.#cap.limit = slots;
  }

  #learn(latency: number): void {
    this.#window.push(latency);
    if (this.#window.length < BASELINE_WINDOW) return;
    this.#previousBaseline = this.#baseline;
    this.#baseline = quantile(this.#window, BASELINE_QUANTILE);
    this.#window.length = 0;
  }

  /** Before the first window is full: its quantile so far (the first rounds need a baseline too). */
  #fastestSoFar(): number {
    return this.#baseline === Number.POSITIVE_INFINITY && this.#window.length > 0
      ? quantile(this.#window, BASELINE_QUANTILE)
      : Number.POSITIVE_INFINITY;
  }
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
}
