import { afterAll, afterEach, beforeAll } from 'vitest';
import { type PyxisServer, type PyxisServerOptions, startPyxisServer } from '../../src/server/index.js';

/** The embedded Pyxis server for a test file: started before its tests, closed after them. */
export function useServer(options: PyxisServerOptions = {}): { readonly current: PyxisServer } {
  const holder = {} as { current: PyxisServer };
  beforeAll(async () => {
    holder.current = await startPyxisServer({ dataset: { repositories: 300 }, ...options });
  });
  afterAll(() => holder.current.close());
  return holder;
}

/**
 * `start(options)` for a test file whose tests each start their own embedded servers (over `dataset`): every
 * server a test started is closed after it.
 */
export function useServerPerTest(
  dataset: PyxisServerOptions['dataset'],
): (options?: PyxisServerOptions) => Promise<PyxisServer> {
  const started: PyxisServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (options = {}) => {
    const server = await startPyxisServer({ dataset, ...options });
    started.push(server);
    return server;
  };
}
