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

/** A latency this many times the best recent one says requests are queueing at the server (one round of queueing doubles it). */
const QUEUEING = 1.5;
/** The cap after latency says the server queues: a gentle step down. */
const QUEUEING_BACKOFF = 0.9;
/** The cap after a 429, a 503 or a timeout: the server said so itself. */
const OVERLOAD_BACKOFF = 0.5;
/** How many latencies make one window of the baseline (the best of this window and the one before it). */
const BASELINE_WINDOW = 250;

/**
 * Sets a RequestCap's limit from what the requests see, additive increase and multiplicative decrease (AIMD), as
 * TCP does for its window and Netflix's concurrency-limits does for services:
 * - a request that succeeded in about the best latency seen lately, while the cap was in use, adds `1 / limit`
 *   (one more slot per round of requests);
 * - a request whose latency passed 1.5 times that best steps the cap down by 10%, and a 429, a 503 or a timeout
 *   halves it;
 * - a step down happens once per round: an answer to a request sent before the last step down says nothing new
 *   (fifty 429s from one burst halve the cap once, not fifty times).
 * The best latency is the lowest of the last one or two windows of 250 requests, so that it follows a server
 * that became slower for good.
 */
export class AdaptiveConcurrency {
  readonly #cap: RequestCap;
  readonly #min: number;
  readonly #max: number;
  #limit: number;
  #steppedDownAt = Number.NEGATIVE_INFINITY;
  #windowBest = Number.POSITIVE_INFINITY;
  #previousBest = Number.POSITIVE_INFINITY;
  #windowCount = 0;

  constructor(cap: RequestCap, { min, max }: Required<Omit<AdaptiveConcurrencyOptions, 'adaptive'>>) {
    this.#cap = cap;
    this.#min = min;
    this.#max = max;
    this.#limit = cap.limit;
  }

  /** An attempt sent at `sentAt` (performance.now()) succeeded after `latency` ms. */
  succeeded(sentAt: number, latency: number): void {
    this.#learn(latency);
    const best = Math.min(this.#windowBest, this.#previousBest);
    if (latency > best * QUEUEING) {
      this.#stepDown(sentAt, QUEUEING_BACKOFF);
    } else if (this.#cap.inFlight >= this.#limit / 2) {
      this.#set(this.#limit + 1 / this.#limit);
    }
  }

  /** An attempt sent at `sentAt` got a 429 or 503, or timed out. */
  overloaded(sentAt: number): void {
    this.#stepDown(sentAt, OVERLOAD_BACKOFF);
  }

  #stepDown(sentAt: number, factor: number): void {
    if (sentAt < this.#steppedDownAt) return;
    this.#steppedDownAt = performance.now();
    this.#set(this.#limit * factor);
  }

  #set(limit: number): void {
    this.#limit = Math.min(this.#max, Math.max(this.#min, limit));
    const slots = Math.floor(this.#limit);
    if (slots !== this.#cap.limit) this.#cap.limit = slots;
  }

  #learn(latency: number): void {
    if (latency < this.#windowBest) this.#windowBest = latency;
    if (++this.#windowCount < BASELINE_WINDOW) return;
    this.#previousBest = this.#windowBest;
    this.#windowBest = Number.POSITIVE_INFINITY;
    this.#windowCount = 0;
  }
}
