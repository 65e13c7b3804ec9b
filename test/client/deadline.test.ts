// The `deadline` option end to end through PyxisClient, in every way a call can run.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PyxisClient, PyxisDeadlineError } from '../../src/index.js';
import { json, startScriptedServer } from '../helpers/scripted-server.js';

let server: Awaited<ReturnType<typeof startScriptedServer>>;
beforeAll(async () => {
  // Answers pings at once; holds any other request forever.
  server = await startScriptedServer((request, response) => {
    if (request.body.query?.includes('get_ping')) json(response, 200, { data: { get_ping: 'pong' } });
  });
});
afterAll(() => server.close());

const stalled = { registry: 'r', repository: 'stalls' };

describe('deadline', () => {
  test("the client's deadline bounds a call", async () => {
    const pyxis = new PyxisClient({ url: server.url, deadline: 50, retries: 0 });
    await expect(pyxis.getRepositoryByPath(stalled)).rejects.toBeInstanceOf(PyxisDeadlineError);
  });

  test("a call's deadline overrides the client's", async () => {
    const pyxis = new PyxisClient({ url: server.url, deadline: 60_000 });
    const error = await pyxis.getRepositoryByPath(stalled, { deadline: 40 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisDeadlineError);
    expect(error).toMatchObject({ deadline: 40 });
  });

  test("with auto-batching, a call's deadline rejects that call only", async () => {
    const pyxis = new PyxisClient({ url: server.url, batch: true });
    const late = pyxis.getRepositoryByPath(stalled, { deadline: 40 });
    await expect(late).rejects.toBeInstanceOf(PyxisDeadlineError);
    await expect(pyxis.ping({ deadline: 5_000 })).resolves.toBe('pong');
  });

  test('the deadline bounds a batch commit as a whole; every job gets the deadline error', async () => {
    const batch = new PyxisClient({ url: server.url }).beginBatchExecution();
    const job = batch.getRepositoryByPath(stalled);
    await batch.commit({ deadline: 40 });
    await expect(job.result()).rejects.toBeInstanceOf(PyxisDeadlineError);
  });

  test("the client's deadline bounds a batch commit too", async () => {
    const batch = new PyxisClient({ url: server.url, deadline: 40 }).beginBatchExecution();
    const job = batch.getRepositoryByPath(stalled);
    await batch.commit();
    await expect(job.result()).rejects.toBeInstanceOf(PyxisDeadlineError);
  });

  test('an async job ends with the deadline error', async () => {
    const jobs = new PyxisClient({ url: server.url, deadline: 40 }).beginAsyncExecution();
    await expect(jobs.getRepositoryByPath(stalled).wait()).rejects.toBeInstanceOf(PyxisDeadlineError);
  });

  test('paginate() reads within the deadline too', async () => {
    const pyxis = new PyxisClient({ url: server.url });
    const stream = pyxis.paginate('findRepositories', {}, { deadline: 40 });
    await expect(stream.next()).rejects.toBeInstanceOf(PyxisDeadlineError);
  });
});
