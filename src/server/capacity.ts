// How many requests the embedded server works on at once, like a real service with a fixed pool of workers: up to
// `capacity` run, the ones beyond wait in line for a slot (so their latency grows with the queue), and past
// `maxInFlight` in all it refuses with 429 and Retry-After, as a saturated front does.
import { checkInteger, InvalidOptionError } from '../shared/options.js';

/** The options of `startPyxisServer` that set its capacity. */
export interface CapacityOptions {
  capacity?: number;
  maxInFlight?: number;
  overloadRetryAfterSeconds?: number;
}

/** What the gate did, as `PyxisServer.stats()` reports it. */
export interface CapacityStats {
  /** Requests to the endpoint accepted and not yet answered, now: running plus queued. Not zeroed by a reset. */
  inFlight: number;
  /** Of those, the ones waiting for a slot, now. Not zeroed by a reset. */
  queued: number;
  /** The most requests in flight at once (since start, or since the last reset). */
  peakInFlight: number;
  /** The most requests queued at once (since start, or since the last reset). */
  peakQueued: number;
  /** Requests that got a slot and whose answer was sent in full (any status, injected faults included). */
  served: number;
  /** Requests refused with 429 because `maxInFlight` requests were in flight already. */
  overloaded: number;
}

/** Above `capacity`, how many requests in flight are accepted by default before 429s: this many times `capacity`. */
export const DEFAULT_MAX_IN_FLIGHT_FACTOR = 4;
const DEFAULT_OVERLOAD_RETRY_AFTER_SECONDS = 1;

/** Says that a request is done with the gate: `answered` when its answer was sent in full. Idempotent. */
export type Leave = (answered: boolean) => void;

export class CapacityGate {
  readonly capacity: number;
  readonly maxInFlight: number;
  readonly retryAfterSeconds: number;
  #running = 0;
  /** The requests waiting for a slot, first come first served; a Set so that one that goes away leaves in O(1). */
  readonly #waiting = new Set<() => void>();
  #peakInFlight = 0;
  #peakQueued = 0;
  #served = 0;
  #overloaded = 0;
  #stopped = false;

  constructor(options: CapacityOptions) {
    this.capacity = checkInteger('capacity', options.capacity, { min: 1, infinity: true }) ?? Infinity;
    const maxInFlight = checkInteger('maxInFlight', options.maxInFlight, { min: 1, infinity: true });
    // Without a capacity every request runs at once, and `maxInFlight` alone is a hard limit.
    if (maxInFlight !== undefined && maxInFlight < this.capacity && options.capacity !== undefined) {
      throw new InvalidOptionError(
        'maxInFlight',
        maxInFlight,
        `at least \`capacity\` (${this.capacity})`,
        'it counts the requests running and the ones queued',
      );
    }
    this.maxInFlight = maxInFlight ?? this.capacity * DEFAULT_MAX_IN_FLIGHT_FACTOR;
    this.retryAfterSeconds =
      checkInteger('overloadRetryAfterSeconds', options.overloadRetryAfterSeconds, { min: 0 }) ??
      DEFAULT_OVERLOAD_RETRY_AFTER_SECONDS;
  }

  /**
   * Lets a request in: `start` runs when it has a slot (at once when one is free, from inside this call). Returns
   * the function to call when it is done, or undefined when it is refused (the caller answers 429).
   */
  enter(start: () => void): Leave | undefined {
    if (this.#inFlight() >= this.maxInFlight) {
      this.#overloaded++;
      return undefined;
    }
    let state: 'queued' | 'running' | 'done' = 'queued';
    const run = () => {
      state = 'running';
      this.#running++;
      start();
    };
    if (this.#running < this.capacity) run();
    else this.#waiting.add(run);
    this.#peakInFlight = Math.max(this.#peakInFlight, this.#inFlight());
    this.#peakQueued = Math.max(this.#peakQueued, this.#waiting.size);
    return (answered) => {
      if (state === 'done') return;
      if (state === 'queued') this.#waiting.delete(run);
      else {
        this.#running--;
        if (answered) this.#served++;
        this.#startNext();
      }
      state = 'done';
    };
  }

  /** No request starts from now on: the server is closing. */
  stop(): void {
    this.#stopped = true;
    this.#waiting.clear();
  }

  stats(options: { reset?: boolean } = {}): CapacityStats {
    const snapshot = {
      inFlight: this.#inFlight(),
      queued: this.#waiting.size,
      peakInFlight: this.#peakInFlight,
      peakQueued: this.#peakQueued,
      served: this.#served,
      overloaded: this.#overloaded,
    };
    if (options.reset) {
      this.#peakInFlight = snapshot.inFlight;
      this.#peakQueued = snapshot.queued;
      this.#served = 0;
      this.#overloaded = 0;
    }
    return snapshot;
  }

  #inFlight(): number {
    return this.#running + this.#waiting.size;
  }

  #startNext(): void {
    if (this.#stopped || this.#running >= this.capacity) return;
    const next = this.#waiting.values().next();
    if (next.done) return;
    this.#waiting.delete(next.value);
    next.value();
  }
}
