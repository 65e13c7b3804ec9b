import type { Lookup, PromiseExecutor } from '../execution/index.js';
import type { RequestOptions } from '../transport/index.js';
import type { OtelTelemetry } from './otel.js';

/**
 * Gives each method call its span: the requests of the call (pages and retries included) are its children, and
 * a batched request that carries it is linked to it. It sits below `DeadlineExecutor`, so that the span covers
 * the whole call with its deadline in force; a call whose span records nothing passes through untouched.
 */
export class TracingExecutor implements PromiseExecutor {
  readonly #inner: PromiseExecutor;
  readonly #telemetry: OtelTelemetry;

  constructor(inner: PromiseExecutor, telemetry: OtelTelemetry) {
    this.#inner = inner;
    this.#telemetry = telemetry;
  }

  execute<T>(lookup: Lookup<T>, options: RequestOptions): Promise<T> {
    const call = this.#telemetry.startCall(lookup.kind);
    if (call === undefined) return this.#inner.execute(lookup, options);
    const result = this.#inner.execute(lookup, { ...options, calls: [call] });
    result.then(
      () => this.#telemetry.endCall(call, undefined),
      (error: unknown) => this.#telemetry.endCall(call, error),
    );
    return result;
  }

  refuse(error: unknown): Promise<never> {
    return this.#inner.refuse(error);
  }
}
