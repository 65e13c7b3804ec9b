import type { PyxisResponse, RequestOptions, Transport } from '../transport/index.js';
import type { Executor, Lookup } from './lookup.js';
import { partialResponse } from './partial.js';

/** The default executor: sends the lookup now (every request of it with the call's options) and resolves to its value. */
export class DirectExecutor implements Executor {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  async execute<T>(lookup: Lookup<T>, options: RequestOptions): Promise<T> {
    const send = (document: Lookup<T>['document'], variables: Lookup<T>['variables']) =>
      this.#transport.send(document, variables, options);
    let first: PyxisResponse;
    try {
      first = await send(lookup.document, lookup.variables);
    } catch (error) {
      first = partialResponse(lookup, error) ?? throwAgain(error);
    }
    return lookup.complete(first, send);
  }

  refuse(error: unknown): Promise<never> {
    return Promise.reject(error);
  }
}

function throwAgain(error: unknown): never {
  throw error;
}
