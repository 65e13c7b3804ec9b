import type { Transport } from '../transport/index.js';
import { applyDeadline } from './deadline.js';
import type { CallOptions, Executor, Lookup } from './lookup.js';

/** What a client sets for all its calls, which each call may override. */
export interface ExecutorDefaults {
  /** Milliseconds a whole call may take (its `deadline` call option overrides it). Default: no deadline. */
  deadline?: number | undefined;
}

/** The default executor: sends the lookup now and resolves to its value. */
export class DirectExecutor implements Executor {
  readonly #transport: Transport;
  readonly #deadline: number | undefined;

  constructor(transport: Transport, defaults: ExecutorDefaults = {}) {
    this.#transport = transport;
    this.#deadline = defaults.deadline;
  }

  async execute<T>(lookup: Lookup<T>, options: CallOptions): Promise<T> {
    const call = applyDeadline(options, this.#deadline);
    try {
      const send = (document: Lookup<T>['document'], variables: Lookup<T>['variables']) =>
        this.#transport.send(document, variables, call.options);
      return await lookup.complete(await send(lookup.document, lookup.variables), send);
    } finally {
      call.release();
    }
  }

  refuse(error: unknown): Promise<never> {
    return Promise.reject(error);
  }
}
