import { WaitingLine } from './waiters.js';

/**
 * The whole client holding back after the server said "too many" (429) or "not now" (503): no new attempt goes
 * out until the pause passes, instead of each request waiting alone while the others keep hitting the server. A
 * longer pause asked for while one runs extends it; a shorter one changes nothing, so that no waiting attempt is
 * released early. It counts what it did, for logs and the CLI's summary.
 */
export class Pause {
  #until = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #waiting = new WaitingLine();
  /** The 429 and 503 answers that asked for a pause. */
  throttled = 0;
  /** Milliseconds paused in all (overlapping pauses counted once). */
  pausedMs = 0;

  /** Holds every new attempt back for `ms` from now; returns how long the pause lasts from now. */
  start(ms: number): number {
    this.throttled += 1;
    const now = performance.now();
    const until = now + ms;
    if (until <= this.#until) return this.#until - now;
    this.pausedMs += until - Math.max(now, this.#until);
    this.#until = until;
    clearTimeout(this.#timer);
    this.#timer = this.#holdUntil(ms);
    return ms;
  }

  /** Whether a pause runs now. */
  get active(): boolean {
    return this.#timer !== undefined;
  }

  /** Undefined when no pause runs; else a promise that resolves when it ends. */
  wait(signal: AbortSignal | undefined): Promise<void> | undefined {
    if (this.#timer === undefined) return undefined;
    this.#timer.ref(); // someone waits for the end now: the process must live to see it
    return this.#waiting.join(signal);
  }

  /**
   * The pause's timer. It keeps the process alive only while an attempt waits for it: a client whose work is done
   * during a pause (a CLI run's last answer was the 429's retry) lets the process exit.
   */
  #holdUntil(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.#end(), ms);
    if (this.#waiting.size === 0) timer.unref();
    return timer;
  }

  /** Ends the pause now, letting every waiter go (the client is closing). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // Forgotten too: a pause asked after this one holds for its own length, where a shorter one would be dropped.
    this.#until = 0;
    this.#waiting.all();
  }

  #end(): void {
    const left = this.#until - performance.now();
    // A timer may fire a little before its time on the performance clock: the pause is the clock's, not the timer's.
    if (left > 0) {
      this.#timer = this.#holdUntil(Math.ceil(left));
      return;
    }
    this.#timer = undefined;
    this.#waiting.all();
  }
}
