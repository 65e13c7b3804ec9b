// requireApiKey in the testing kit: createPyxisHandlers and the per-operation mocks answer requests without the
// key as Pyxis does (401 without a key, 403 with another, in each data field's `error`), batched or not.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PyxisClient, type PyxisRequestError } from '../../src/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import {
  aContainerImage,
  aContainerRepository,
  createDataset,
  createPyxisHandlers,
  mockFindImagesByNvr,
  mockGetRepositoryByPath,
  mockPing,
} from '../../src/testing/index.js';

const KEY = 'msw-partner-key';
const dataset = createDataset({ seed: 2, repositories: 10, imagesPerRepository: 1 });
const server = setupServer(...createPyxisHandlers({ dataset, requireApiKey: KEY }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const path = dataset.repositoryPaths()[0] as { registry: string; repository: string };
const nvr = dataset.nvrs()[0] as string;
const clientWith = (apiKey: string | undefined, batch = false) =>
  new PyxisClient({ retries: 0, batch, ...(apiKey === undefined ? {} : { apiKey }) });

/** The status of each call's PyxisRequestError, or 'ok'. */
async function statuses(calls: Promise<unknown>[]): Promise<Array<number | undefined | 'ok'>> {
  const settled = await Promise.allSettled(calls);
  return settled.map((result) =>
    result.status === 'fulfilled' ? 'ok' : (result.reason as PyxisRequestError).status,
  );
}

describe.each([false, true])('with batch: %s', (batch) => {
  it('createPyxisHandlers answers 401 without a key, 403 with another, and the dataset with the key', async () => {
    const lookups = (pyxis: PyxisClient) => [pyxis.getRepositoryByPath(path), pyxis.findImagesByNvr(nvr)];
    expect(await statuses(lookups(clientWith(undefined, batch)))).toEqual([401, 401]);
    expect(await statuses(lookups(clientWith('another', batch)))).toEqual([403, 403]);
    expect(await statuses(lookups(clientWith(KEY, batch)))).toEqual(['ok', 'ok']);
  });

  it('a mock with requireApiKey refuses without calling its resolver; one without it answers anyone', async () => {
    let calls = 0;
    server.use(
      mockGetRepositoryByPath(
        () => {
          calls++;
          return aContainerRepository();
        },
        { requireApiKey: 'mock-key' },
      ),
      mockFindImagesByNvr(() => [aContainerImage()]),
    );
    const lookups = (pyxis: PyxisClient) => [pyxis.getRepositoryByPath(path), pyxis.findImagesByNvr(nvr)];
    expect(await statuses(lookups(clientWith(undefined, batch)))).toEqual([401, 'ok']);
    expect(await statuses(lookups(clientWith(KEY, batch)))).toEqual([403, 'ok']);
    expect(calls).toBe(0);
    expect(await statuses(lookups(clientWith('mock-key', batch)))).toEqual(['ok', 'ok']);
    expect(calls).toBe(1);
  });
});

describe('requireApiKey in the testing kit', () => {
  it('leaves get_ping open, as the embedded server does', async () => {
    expect(await clientWith(undefined).ping()).toBe('pong');
    server.use(mockPing(() => 'mocked', { requireApiKey: 'k' }));
    expect(await clientWith(undefined).ping()).toBe('mocked');
  });

  it('refuses values no header can carry, without quoting them', () => {
    for (const make of [
      (requireApiKey: string) => createPyxisHandlers({ dataset, requireApiKey }),
      (requireApiKey: string) => mockGetRepositoryByPath(() => null, { requireApiKey }),
    ]) {
      expect(() => make('')).toThrow(InvalidOptionError);
      let error: unknown;
      try {
        make('with\nnewline-zq7x');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error).toMatchObject({ option: 'requireApiKey', received: '[redacted]' });
      expect((error as Error).message).not.toContain('zq7x');
    }
  });
});
