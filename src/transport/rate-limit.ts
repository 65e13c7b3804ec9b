import { WaitingLine } from './waiters.js';

/** `rateLimit`: at most `requests` HTTP attempts in any `perMs`, and at most `burst` of them at once. */
export interface RateLimitOptions {
  requests: number;
  perMs: number;
  /**
   * How many may go at once after a quiet spell: at most `burst` in any `perMs * burst / requests`. Default
   * `requests` (the window alone limits); 1 spaces every attempt `perMs / requests` apart.
   */
  burst?: number;
}

/**
 * The most `count` starts in any window of `ms`, told from the times of the last `count` starts (a ring of them):
 * the next may start `ms` after the one `count` starts before it. Exact for every window, not only for fixed ones,
 * and a timer that fires late costs only its lateness once per `count` starts, not once per start.
 */
class SlidingWindow {
  readonly #ms: number;
  readonly #starts: number[];
  #next = 0;

  constructor(count: number, ms: number) {
    this.#ms = ms;
    this.#starts = new Array<number>(count).fill(Number.NEGATIVE_INFINITY);
  }

  /** Milliseconds until a start is allowed (0: now). */
  wait(now: number): number {
    return Math.max(0, (this.#starts[this.#next] as number) + this.#ms - now);
  }

  start(now: number): void {
    this.#starts[this.#next] = now;
    this.#next = (this.#next + 1) % this.#starts.length;
  }
}

/**
 * The rate limit over every HTTP attempt of a client: methods, batches, pages and retries alike. Attempts wait
 * their turn first come, first served, with one timer for the whole line (not one per waiter, which would wake
 * them all for each start), and a caller whose signal aborts leaves the line at once.
 *
 * Hand-written: limiter's token bucket lets up to `2 * requests - 1` attempts into a window after a quiet spell,
 * p-throttle's strict mode has no way for one caller to leave its queue, and bottleneck has had no release since
 * 2019. Two sliding windows of recorded start times are a few lines.
 */
export class RateLimit {
  readonly #windows: SlidingWindow[];
  readonly #waiting = new WaitingLine();
  #timer: NodeJS.Timeout | undefined;

  constructor({ requests, perMs, burst = requests }: RateLimitOptions) {
    this.#windows = [new SlidingWindow(requests, perMs)];
    if (burst < requests) this.#windows.push(new SlidingWindow(burst, (perMs * burst) / requests));
  }

  /** Resolves once this attempt may go; undefined (nothing to wait for) when it may go now. */
  take(signal: AbortSignal | undefined): Promise<void> | undefined {
    if (this.#waiting.size === 0 && this.#tryStart()) return undefined;
    const turn = this.#waiting.join(signal);
    this.#schedule();
    return turn;
  }

  /** Lets every waiter go at once (the client is closing with `abort`: they stop before sending). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#waiting.all();
  }

  #tryStart(): boolean {
    const now = performance.now();
    if (this.#waitMs(now) > 0) return false;
    for (const window of this.#windows) window.start(now);
    return true;
  }

  #waitMs(now: number): number {
    let wait = 0;
    for (const window of this.#windows) wait = Math.max(wait, window.wait(now));
    return wait;
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#waiting.size === 0) return;
    // A timer may fire a little before its time on the performance clock: one that finds no room waits again.
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        while (this.#waiting.size > 0 && this.#tryStart()) this.#waiting.next();
        this.#schedule();
      },
      Math.max(1, Math.ceil(this.#waitMs(performance.now()))),
    );
  }
}
