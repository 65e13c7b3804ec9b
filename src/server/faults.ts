// Which requests the embedded server answers badly, and how long it waits before answering: the knobs that make
// it behave like a busy, flaky remote service in benchmarks and tests.
import {
  checkInteger,
  checkMilliseconds,
  checkOptionsObject,
  InvalidOptionError,
  optionNames,
} from '../shared/options.js';
import { SeededRandom } from './random.js';

export type FaultKind = 'http500' | 'http429' | 'drop' | 'stall';

export const FAULT_KINDS: readonly FaultKind[] = ['http500', 'http429', 'drop', 'stall'];

export interface FaultOptions {
  /** Share of requests answered with HTTP 500. */
  http500?: number;
  /** Share of requests answered with HTTP 429 and a `Retry-After` header. */
  http429?: number;
  /** Share of requests whose connection is destroyed without an answer. */
  drop?: number;
  /** Share of requests that get their headers and the start of a body, then nothing more. */
  stall?: number;
  /** Seconds sent in `Retry-After` with a 429. Default 1. */
  retryAfterSeconds?: number;
  /** Same seed, same sequence of faults (in the order requests arrive). Default: a random seed. */
  seed?: number;
}

export interface LatencyOptions {
  /** Milliseconds added to every request before it is answered. Default 0. */
  ms?: number;
  /** Up to this many more milliseconds, at random. Default 0. */
  jitterMs?: number;
}

/** Every option's name: a new fault option must be added here, or the server refuses it as unknown. */
const FAULT_OPTIONS = optionNames<FaultOptions>({
  http500: true,
  http429: true,
  drop: true,
  stall: true,
  retryAfterSeconds: true,
  seed: true,
});
const LATENCY_OPTIONS = optionNames<LatencyOptions>({ ms: true, jitterMs: true });

/** Draws, for each request, the fault to inject (or none), with the configured rates. */
export class FaultPlan {
  readonly retryAfterSeconds: number;
  readonly #thresholds: readonly (readonly [FaultKind, number])[];
  readonly #random: SeededRandom;

  constructor(options: FaultOptions = {}) {
    checkOptionsObject(options, FAULT_OPTIONS, '`faults`');
    let cumulative = 0;
    const thresholds: [FaultKind, number][] = [];
    for (const kind of FAULT_KINDS) {
      const rate = options[kind] ?? 0;
      if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
        throw new InvalidOptionError(`faults.${kind}`, rate, 'a rate between 0 and 1');
      }
      cumulative += rate;
      if (rate > 0) thresholds.push([kind, cumulative]);
    }
    // A little slack for rates like 0.1 + 0.2 + 0.7, whose float sum exceeds 1.
    if (cumulative > 1 + 1e-9) {
      throw InvalidOptionError.withMessage(
        'faults',
        options,
        `The \`faults\` rates add up to ${cumulative}, more than 1`,
      );
    }
    this.retryAfterSeconds =
      checkInteger('faults.retryAfterSeconds', options.retryAfterSeconds, { min: 0 }) ?? 1;
    this.#thresholds = thresholds;
    this.#random = new SeededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  /** The fault for the next request, if any. Draws nothing when no fault is configured. */
  next(): FaultKind | undefined {
    if (this.#thresholds.length === 0) return undefined;
    const roll = this.#random.next();
    for (const [kind, threshold] of this.#thresholds) if (roll < threshold) return kind;
    return undefined;
  }
}

/** The delay before each answer: `ms`, plus up to `jitterMs` at random. */
export class Latency {
  readonly #ms: number;
  readonly #jitterMs: number;

  constructor(options: LatencyOptions = {}) {
    checkOptionsObject(options, LATENCY_OPTIONS, '`latency`');
    this.#ms = checkMilliseconds('latency.ms', options.ms, { zero: true }) ?? 0;
    this.#jitterMs = checkMilliseconds('latency.jitterMs', options.jitterMs, { zero: true }) ?? 0;
  }

  next(): number {
    return this.#jitterMs > 0 ? this.#ms + Math.random() * this.#jitterMs : this.#ms;
  }
}
