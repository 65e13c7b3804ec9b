import { afterAll, beforeAll } from 'vitest';
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
