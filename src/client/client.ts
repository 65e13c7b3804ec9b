import { DirectExecutor } from '../execution/index.js';
import { PyxisMethods } from '../pyxis/index.js';
import { type PyxisClientOptions, resolveOptions } from './options.js';
import { HttpTransport } from './transport.js';

/**
 * A typed Pyxis client. Every method returns a promise of its typed result, and takes an optional last argument
 * with `signal` and `timeout`.
 *
 * ```ts
 * const pyxis = new PyxisClient();
 * const repo = await pyxis.getRepositoryByPath({ registry: 'registry.access.redhat.com', repository: 'ubi9' });
 * ```
 */
export class PyxisClient extends PyxisMethods<'default'> {
  readonly context = 'default' as const;
  /** The GraphQL endpoint this client sends to. */
  readonly url: string;

  constructor(options: PyxisClientOptions = {}) {
    const resolved = resolveOptions(options);
    super(new DirectExecutor(new HttpTransport(resolved)), resolved.pageSize);
    this.url = resolved.url;
  }
}
