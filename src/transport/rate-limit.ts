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
 *
 * With `tolerance`, a start up to `tolerance` ms late counts from when it was due, so that the next one does not
 * inherit the lateness: what keeps a window of one start per 5 ms at 200 a second, where timers firing a
 * millisecond late made it 165 (2,000 lookups against the embedded server, `burst: 1`). The next start may then
 * come up to `tolerance` ms less than `ms` after a late one.
 */
class SlidingWindow {
  readonly #ms: number;
  readonly #tolerance: number;
  readonly #starts: number[];
  #next = 0;

  constructor(count: number, ms: number, tolerance = 0) {
    this.#ms = ms;
    this.#tolerance = tolerance;
    this.#starts = new Array<number>(count).fill(Number.NEGATIVE_INFINITY);
  }

  /** Milliseconds until a start is allowed (0: now). */
  wait(now: number): number {
    return Math.max(0, (this.#starts[this.#next] as number) + this.#ms - now);
  }

  /** Records a start at `now` (allowed: `wait(now)` is 0). */
  start(now: number): void {
    const due = (this.#starts[this.#next] as number) + this.#ms;
    // Late by no more than the tolerance: counts as on time. After a quiet spell it is simply now.
    this.#starts[this.#next] = now - due <= this.#tolerance ? due : now;
    this.#next = (this.#next + 1) % this.#starts.length;
  }
}

/**
 * How late a burst's start may come and still count from when it was due (a timer's lateness, and some), for a
 * burst window of `burstMs`: the client's and the fleet's (pyxis-gql/bullmq) alike.
 */
export function burstToleranceMs(burstMs: number): number {
  return Math.min(4, burstMs / 2);
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
    const burstMs = (perMs * burst) / requests;
    if (burst < requests) {
      this.#windows.push(new SlidingWindow(burst, burstMs, burstToleranceMs(burstMs)));
    }
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
