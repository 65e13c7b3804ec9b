import { describe, expect, test } from 'vitest';
import {
  type BatchJob,
  BatchJobResultError,
  BatchStateError,
  PyxisClient,
  PyxisGraphQLError,
  PyxisHttpError,
} from '../../src/index.js';
import { useServer } from '../helpers/server.js';

const server = useServer();
const client = () => new PyxisClient({ url: server.current.url });
const paths = () => server.current.dataset.repositoryPaths();

describe('batch execution context', () => {
  test('has the batch context, and queues jobs with 32-hex ids that are pending until the commit', async () => {
    const pyxis = client();
    const batch = pyxis.beginBatchExecution();
    expect(pyxis.context).toBe('default');
    expect(batch.context).toBe('batch');
    const job = batch.getRepositoryByPath(paths()[0] as never);
    expect(job.id).toMatch(/^[0-9a-f]{32}$/);
    await expect(job.status()).resolves.toBe('pending');
    expect(batch.queuedJobs()).toEqual([job]);
  });

  test('result() before the commit throws BatchJobResultError', async () => {
    const job = client().beginBatchExecution().ping();
    const error = await job.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchJobResultError);
    expect((error as Error).message).toBe('result not available yet');
  });

  test('commit sends every queued lookup as one HTTP request and gives each job its own result', async () => {
    const batch = client().beginBatchExecution();
    const [first, second] = paths();
    const found = batch.getRepositoryByPath(first as never);
    const missing = batch.getRepositoryByPath({ registry: 'registry.example.com', repository: 'nope' });
    const images = batch.findImagesByNvr(server.current.dataset.nvrs()[0] as string, { includeRpms: false });
    const again = batch.getRepositoryByPath(second as never);
    server.current.stats({ reset: true });
    const jobs = await batch.commit();
    expect(jobs).toEqual([found, missing, images, again]);
    expect(server.current.stats()).toMatchObject({ httpRequests: 1, rootFields: 4 });
    await expect(found.status()).resolves.toBe('done');
    expect((await found.result())?.repository).toBe(first?.repository);
    await expect(missing.result()).resolves.toBeNull();
    expect((await images.result()).length).toBeGreaterThan(0);
    expect((await again.result())?.repository).toBe(second?.repository);
    // result() may be called again
    expect((await found.result())?.repository).toBe(first?.repository);
  });

  test('a lookup that cannot be merged gets its own error while the others succeed', async () => {
    const batch = client().beginBatchExecution();
    const good = batch.getRepositoryByPath(paths()[0] as never);
    const bad = batch.execute('INVALID QUERY');
    server.current.stats({ reset: true });
    await expect(batch.commit()).resolves.toHaveLength(2);
    expect(server.current.stats().httpRequests).toBe(2);
    expect(await good.result()).not.toBeNull();
    const error = await bad.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisGraphQLError);
    expect(error).toMatchObject({ httpCode: 400 });
    expect((error as Error).message).toContain('Syntax Error');
  });

  test('a merged document the server rejects as a whole is retried lookup by lookup, so each gets its own verdict', async () => {
    const batch = client().beginBatchExecution();
    const good = batch.ping();
    const unknownField = batch.execute('query { no_such_field }');
    await batch.commit();
    await expect(good.result()).resolves.toBe('pong');
    await expect(unknownField.result()).rejects.toMatchObject({ name: 'PyxisGraphQLError', httpCode: 400 });
  });

  test('paginated lookups get their first page in the merged request and further pages afterwards', async () => {
    const pyxis = new PyxisClient({ url: server.current.url, pageSize: 50 });
    const expected = await pyxis.findRepositories();
    const batch = pyxis.beginBatchExecution();
    const all = batch.findRepositories();
    const one = batch.ping();
    server.current.stats({ reset: true });
    await batch.commit();
    expect(await all.result()).toEqual(expected);
    await expect(one.result()).resolves.toBe('pong');
    expect(server.current.stats().httpRequests).toBe(Math.ceil(expected.length / 50));
  });

  test('when the whole request fails, commit still resolves and every job throws that error', async () => {
    const pyxis = new PyxisClient({ url: 'http://127.0.0.1:1/graphql' });
    const batch = pyxis.beginBatchExecution();
    const jobs = [batch.ping(), batch.getRepositoryByPath({ registry: 'r', repository: 'x' })];
    await expect(batch.commit()).resolves.toEqual(jobs);
    const errors = await Promise.all(jobs.map((job) => job.result().catch((e: unknown) => e)));
    expect(errors[0]).toBe(errors[1]);
    expect((errors[0] as Error).name).toMatch(/^Pyxis/);
  });

  test('an HTTP error of the merged request reaches every job', async () => {
    const batch = new PyxisClient({ url: `${server.current.url}missing/` }).beginBatchExecution();
    const jobs = [batch.ping(), batch.ping()];
    await batch.commit();
    for (const job of jobs) await expect(job.result()).rejects.toBeInstanceOf(PyxisHttpError);
  });

  test('a second commit, or a call after the commit, throws BatchStateError', async () => {
    const batch = client().beginBatchExecution();
    batch.ping();
    await batch.commit();
    await expect(batch.commit()).rejects.toThrow(new BatchStateError('batch already committed'));
    expect(() => batch.ping()).toThrow(BatchStateError);
    expect(() => batch.ping()).toThrow('batch already committed');
  });

  test('an empty commit resolves to no jobs', async () => {
    await expect(client().beginBatchExecution().commit()).resolves.toEqual([]);
    await expect(client().beginBatchExecution({ returnResult: false }).commit()).resolves.toBeUndefined();
  });

  test('with returnResult: false calls return nothing, and the lookups are still sent', async () => {
    const batch = client().beginBatchExecution({ returnResult: false });
    expect(batch.ping()).toBeUndefined();
    expect(batch.queuedJobs()).toBeUndefined();
    server.current.stats({ reset: true });
    await batch.commit();
    expect(server.current.stats().rootFields).toBe(1);
  });

  test('bad arguments throw at call time, as python-arango raises them', () => {
    const batch = client().beginBatchExecution();
    expect(() => batch.getRepositoryByPath({ registry: '', repository: 'x' })).toThrow(TypeError);
    expect(batch.queuedJobs()).toEqual([]);
  });

  test('pyxis.batch commits when the callback resolves', async () => {
    const pyxis = client();
    let job: BatchJob<string | null> | undefined;
    server.current.stats({ reset: true });
    const jobs = await pyxis.batch((batch) => {
      job = batch.ping();
    });
    expect(jobs).toHaveLength(1);
    await expect(job?.result()).resolves.toBe('pong');
    expect(server.current.stats().httpRequests).toBe(1);
  });

  test('pyxis.batch sends nothing and rejects with the error when the callback throws', async () => {
    server.current.stats({ reset: true });
    const failure = new Error('changed my mind');
    await expect(
      client().batch((batch) => {
        batch.ping();
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(server.current.stats().httpRequests).toBe(0);
  });
});
