// Which requests the embedded server answers badly, and how long it waits before answering: the knobs that make
// it behave like a busy, flaky remote service in benchmarks and tests.
import { createHash } from 'node:crypto';
import {
  checkBoolean,
  checkInteger,
  checkMilliseconds,
  checkOptionsObject,
  InvalidOptionError,
  optionNames,
} from '../shared/options.js';
import {
  checkGzipBombSupported,
  DEFAULT_GZIP_BOMB_BYTES,
  GzipBomb,
  MAX_GZIP_BOMB_BYTES,
} from './compression.js';
import { SeededRandom } from './random.js';

export type FaultKind = 'http500' | 'http429' | 'drop' | 'stall' | 'gzipUnasked' | 'gzipBomb';

/** In the order their rates are stacked: a new kind goes last, so that a seed draws the same faults as before. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'http500',
  'http429',
  'drop',
  'stall',
  'gzipUnasked',
  'gzipBomb',
];

/** The faults that change how the real answer is sent, rather than sending something else instead. */
export type AnswerFaultKind = Extract<FaultKind, 'gzipUnasked' | 'gzipBomb'>;

export function isAnswerFault(kind: FaultKind): kind is AnswerFaultKind {
  return kind === 'gzipUnasked' || kind === 'gzipBomb';
}

export interface FaultOptions {
  /** Share of requests answered with HTTP 500. */
  http500?: number;
  /** Share of requests answered with HTTP 429 and a `Retry-After` header. */
  http429?: number;
  /** Share of requests whose connection is destroyed without an answer. */
  drop?: number;
  /** Share of requests that get their headers and the start of a body, then nothing more. */
  stall?: number;
  /**
   * Share of requests answered with the real answer gzipped (with `Content-Encoding: gzip`) whatever their
   * Accept-Encoding says, even when they asked for none.
   */
  gzipUnasked?: number;
  /**
   * Share of requests answered with a gzip bomb: a small gzip body (`Content-Encoding: gzip`, asked or not) that
   * inflates to `gzipBombBytes` spaces and then the real answer.
   */
  gzipBomb?: number;
  /** How many bytes of padding a gzip bomb inflates to, besides the answer. Default 256 MiB (~260 KB sent). */
  gzipBombBytes?: number;
  /** Seconds sent in `Retry-After` with a 429. Default 1. */
  retryAfterSeconds?: number;
  /**
   * Same seed, same faults: in the order requests arrive, or with `keyed`, for the same requests. Default: a random
   * seed.
   */
  seed?: number;
  /**
   * Decide each request's fault from its body instead of its place in the arrival order: a hash of (seed, body, how
   * many times that body came before) picks it, so the same requests meet the same faults however they interleave,
   * and a retry (the same body again) draws afresh. What makes a concurrent soak's counts exact, run after run. The
   * server keeps a digest and a count per distinct body, for as long as it runs. Default false.
   */
  keyed?: boolean;
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
  gzipUnasked: true,
  gzipBomb: true,
  gzipBombBytes: true,
  retryAfterSeconds: true,
  seed: true,
  keyed: true,
});
const LATENCY_OPTIONS = optionNames<LatencyOptions>({ ms: true, jitterMs: true });

/** Draws, for each request, the fault to inject (or none), with the configured rates. */
export class FaultPlan {
  readonly retryAfterSeconds: number;
  /** The bomb that `gzipBomb` sends; its padding is built on first use. */
  readonly gzipBomb: GzipBomb;
  readonly #thresholds: readonly (readonly [FaultKind, number])[];
  readonly #random: SeededRandom;
  readonly #seed: number;
  /** With `keyed`: how many times each body (by digest) has been seen. */
  readonly #seen: Map<string, number> | undefined;

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
    checkGzipBombSupported('faults.gzipBomb', options.gzipBomb ?? 0);
    this.gzipBomb = new GzipBomb(
      checkInteger('faults.gzipBombBytes', options.gzipBombBytes, { min: 0, max: MAX_GZIP_BOMB_BYTES }) ??
        DEFAULT_GZIP_BOMB_BYTES,
    );
    const keyed = checkBoolean('faults.keyed', options.keyed) ?? false;
    this.#thresholds = thresholds;
    this.#seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
    this.#random = new SeededRandom(this.#seed);
    this.#seen = keyed ? new Map() : undefined;
  }

  /**
   * The fault for the next request, whose body is `body`, if any. Draws nothing when no fault is configured; reads
   * the body only with `keyed`.
   */
  next(body: string): FaultKind | undefined {
    if (this.#thresholds.length === 0) return undefined;
    const roll = this.#seen ? this.#keyedRoll(this.#seen, body) : this.#random.next();
    for (const [kind, threshold] of this.#thresholds) if (roll < threshold) return kind;
    return undefined;
  }

  /** A float in [0, 1) that depends only on the seed, the body and how many times the body came before. */
  #keyedRoll(seen: Map<string, number>, body: string): number {
    const digest = createHash('sha256').update(body).digest('base64');
    const before = seen.get(digest) ?? 0;
    seen.set(digest, before + 1);
    const roll = createHash('sha256').update(`${this.#seed}:${before}:${digest}`).digest();
    return roll.readUInt32BE(0) / 2 ** 32;
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
