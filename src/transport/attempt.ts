import { PyxisTimeoutError } from '../errors/index.js';
import { onAbort } from '../shared/signals.js';
import type { ResponseHeaders } from './body.js';

/**
 * One HTTP attempt: how it stops (at its timeout, when the call's signal aborts, or when the client is closed
 * with `abort`, whichever comes first) and what it saw of the response, kept so that a failure can be told
 * precisely. Lighter than an AbortController per attempt: on Node 20 a new AbortSignal costs 10-15 us (the
 * scheduler row "new AbortController().signal, each" of `npm run bench -- scheduler`), a fifth of a whole small
 * request in case 4 of `npm run bench -- client`.
 */
export class Attempt {
  /** Whether the request reached the HTTP client: a failure before that is about the request, not the network. */
  sent = false;
  /** Where the request went last (after redirects). */
  url: string;
  status: number | undefined;
  headers: ResponseHeaders | undefined;
  /** The whole body, once read. */
  body: string | undefined;

  #aborted = false;
  #reason: unknown;
  #stop: ((reason: unknown) => void) | undefined;
  readonly #timer: NodeJS.Timeout;
  readonly #unfollowSignal: (() => void) | undefined;
  readonly #unfollowClosing: (() => void) | undefined;

  constructor(url: string, timeout: number, signal: AbortSignal | undefined, closing?: AbortSignal) {
    this.url = url;
    this.#timer = setTimeout(() => this.#abort(new PyxisTimeoutError(timeout)), timeout);
    this.#unfollowSignal = this.#follow(signal);
    this.#unfollowClosing = this.#follow(closing);
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Why the attempt stopped: a PyxisTimeoutError, the reason of the call's signal, or the client's closing. */
  get reason(): unknown {
    return this.#reason;
  }

  /** What stops the request in flight (one at a time: redirects are followed one after another). */
  onAbort(stop: (reason: unknown) => void): void {
    if (this.#aborted) stop(this.#reason);
    else this.#stop = stop;
  }

  /** Stops the timer and lets go of the call's signal, once the attempt is over. */
  end(): void {
    clearTimeout(this.#timer);
    this.#unfollowSignal?.();
    this.#unfollowClosing?.();
    this.#stop = undefined;
  }

  #follow(signal: AbortSignal | undefined): (() => void) | undefined {
    if (!signal) return undefined;
    if (signal.aborted) {
      this.#abort(signal.reason);
      return undefined;
    }
    return onAbort(signal, () => this.#abort(signal.reason));
  }

  #abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#stop?.(reason);
  }
}
