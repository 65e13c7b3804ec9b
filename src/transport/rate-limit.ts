import { TokenBucket } from 'limiter';
import { WaitingLine } from './waiters.js';

/** `rateLimit`: at most `requests` HTTP attempts every `perMs`, and at most `burst` at once after a quiet spell. */
export interface RateLimitOptions {
  requests: number;
  perMs: number;
  /** Default 1: attempts go out evenly spaced, `perMs / requests` apart. */
  burst?: number;
}

/**
 * A token bucket over every HTTP attempt of a client: methods, batches, pages and retries alike. The bucket's
 * arithmetic is limiter's `TokenBucket`; what this adds is the wait, first come first served, with one timer for
 * the whole line (not one per waiter, which would wake them all for each token) and a caller's signal honoured.
 * With the default burst of 1, any `perMs` window holds at most `requests` attempts; a burst of `b` allows
 * `b - 1` more after a quiet spell.
 */
export class RateLimit {
  readonly #bucket: TokenBucket;
  readonly #waiting = new WaitingLine();
  #timer: NodeJS.Timeout | undefined;

  constructor({ requests, perMs, burst = 1 }: RateLimitOptions) {
    this.#bucket = new TokenBucket({ bucketSize: burst, tokensPerInterval: requests, interval: perMs });
    this.#bucket.content = burst; // limiter starts empty: a new client may send its first `burst` at once
  }

  /** Resolves once this attempt may go; undefined (nothing to wait for) when it may go now. */
  take(signal: AbortSignal | undefined): Promise<void> | undefined {
    if (this.#waiting.size === 0 && this.#bucket.tryRemoveTokens(1)) return undefined;
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

  #schedule(): void {
    if (this.#timer !== undefined || this.#waiting.size === 0) return;
    // The bucket says how long until the next token; a timer that fires early finds none and waits again.
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        while (this.#waiting.size > 0 && this.#bucket.tryRemoveTokens(1)) this.#waiting.next();
        this.#schedule();
      },
      Math.max(1, this.#bucket.getWaitTime(1)),
    );
  }
}
