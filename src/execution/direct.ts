import type { RequestOptions, Transport } from '../transport/index.js';
import type { Executor, Lookup } from './lookup.js';

/** The default executor: sends the lookup now (every request of it with the call's options) and resolves to its value. */
export class DirectExecutor implements Executor {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  async execute<T>(lookup: Lookup<T>, options: RequestOptions): Promise<T> {
    const send = (document: Lookup<T>['document'], variables: Lookup<T>['variables']) =>
      this.#transport.send(document, variables, options);
    return lookup.complete(await send(lookup.document, lookup.variables), send);
  }

  refuse(error: unknown): Promise<never> {
    return Promise.reject(error);
  }
}
