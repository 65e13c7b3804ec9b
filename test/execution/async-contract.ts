// The contract of the async execution context, written once and run against each job store: this process's memory
// (test/execution/async-context.test.ts) and Redis through pyxis-gql/bullmq (test/bullmq/durable-async.test.ts).
import { describe, expect, test, vi } from 'vitest';
import {
  AsyncJobCancelError,
  AsyncJobClearError,
  AsyncJobListError,
  AsyncJobResultError,
  AsyncJobStatusError,
  type ListJobsOptions,
  PyxisGraphQLError,
  type PyxisMethods,
} from '../../src/index.js';
import { until } from '../helpers/async.js';

/** Where the jobs of a context are listed and cleared: its client (in memory), or the context itself (durable). */
export interface AsyncJobListing {
  asyncJobs(options: ListJobsOptions): Promise<string[]>;
  clearAsyncJobs(options?: { threshold?: Date | number }): Promise<true>;
}

export interface AsyncBackend {
  /** A fresh async context whose jobs keep pending long enough to be seen pending (a slow server), and its listing. */
  create(): {
    jobs: PyxisMethods<'async'> & AsyncJobListing;
    store: AsyncJobListing;
    sibling(): PyxisMethods<'async'>;
  };
  /** A registry path the server knows. */
  path(): { registry: string; repository: string };
}

/** Resolves once every job is done (finished, its result not fetched): `status()` is polled, nothing consumed. */
const untilDone = (...jobs: { status(): Promise<string> }[]) =>
  until(async () =>
    (await Promise.all(jobs.map((job) => job.status()))).every((status) => status === 'done'),
  );

/** The async context's contract, as python-arango's async jobs behave, against `backend`'s job store. */
export function asyncContextContract(name: string, backend: AsyncBackend): void {
  describe(`async execution context (${name})`, () => {
    test('has the async context and returns a job at once, pending and never done at submit', async () => {
      const { jobs } = backend.create();
      expect(jobs.context).toBe('async');
      const job = jobs.getRepositoryByPath(backend.path());
      expect(typeof job.id).toBe('string');
      await expect(job.status()).resolves.toBe('pending');
      expect(String(job)).toBe(`<AsyncJob ${job.id}>`);
      await job.wait();
    });

    test('job ids are unique across the async contexts sharing a job store', async () => {
      const { jobs, sibling } = backend.create();
      const submitted = [jobs.ping(), sibling().ping()];
      expect(new Set(submitted.map((job) => job.id)).size).toBe(2);
      await Promise.all(submitted.map((job) => job.wait()));
    });

    test('a job becomes done; result() fetches the value once, after which the job is not found', async () => {
      const { jobs } = backend.create();
      const job = jobs.getRepositoryByPath(backend.path());
      await untilDone(job);
      expect((await job.result())?.repository).toBe(backend.path().repository);
      for (const [call, ErrorClass] of [
        [() => job.status(), AsyncJobStatusError],
        [() => job.result(), AsyncJobResultError],
        [() => job.cancel(), AsyncJobCancelError],
        [() => job.clear(), AsyncJobClearError],
      ] as const) {
        const error = await (call as () => Promise<unknown>)().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ErrorClass);
        expect(error).toMatchObject({ errorCode: 404 });
        expect((error as Error).message).toMatch(new RegExp(`job ${job.id} not found$`));
      }
    });

    test('result() of a pending job throws AsyncJobResultError "not done" with code 204', async () => {
      const { jobs } = backend.create();
      const job = jobs.ping();
      const error = await job.result().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AsyncJobResultError);
      expect(error).toMatchObject({ errorCode: 204 });
      expect((error as Error).message).toMatch(new RegExp(`job ${job.id} not done$`));
      await expect(job.wait()).resolves.toBe('pong');
    });

    test("a failed job's result() throws the operation's own error", async () => {
      const { jobs } = backend.create();
      const job = jobs.execute('INVALID QUERY');
      const error = await job.wait().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PyxisGraphQLError);
      expect(error).toMatchObject({ httpCode: 400 });
      expect((error as Error).message).toContain('Syntax Error');
    });

    test('execute() resolves to the data of a raw GraphQL string', async () => {
      const { jobs } = backend.create();
      await expect(jobs.execute('query { get_ping }').wait()).resolves.toEqual({ get_ping: 'pong' });
    });

    test('cancel() aborts a pending job: cancelled, not listed, its result an AbortError', async () => {
      const { jobs } = backend.create();
      const job = jobs.getRepositoryByPath(backend.path());
      await expect(job.cancel()).resolves.toBe(true);
      await expect(job.status()).resolves.toBe('cancelled');
      await expect(jobs.asyncJobs({ status: 'pending' })).resolves.not.toContain(job.id);
      await expect(jobs.asyncJobs({ status: 'done' })).resolves.not.toContain(job.id);
      await expect(job.cancel()).resolves.toBe(false);
      await expect(job.wait()).rejects.toMatchObject({ name: 'AbortError' });
    });

    test('cancel() of a finished job returns false; of a missing one throws, or returns false with ignoreMissing', async () => {
      const { jobs } = backend.create();
      const job = jobs.ping();
      await untilDone(job);
      await expect(job.status()).resolves.toBe('done');
      await expect(job.cancel()).resolves.toBe(false);
      await job.result();
      await expect(job.cancel({ ignoreMissing: true })).resolves.toBe(false);
    });

    test('clear() forgets a job, even a running one; a missing one throws or returns false', async () => {
      const { jobs } = backend.create();
      const job = jobs.ping();
      await expect(job.clear()).resolves.toBe(true);
      await expect(job.status()).rejects.toBeInstanceOf(AsyncJobStatusError);
      await expect(job.clear({ ignoreMissing: true })).resolves.toBe(false);
      await expect(job.clear()).rejects.toMatchObject({ name: 'AsyncJobClearError', errorCode: 404 });
    });

    test('asyncJobs lists ids by status in creation order, up to count; another status is an AsyncJobListError', async () => {
      const { store: pyxis, jobs } = backend.create();
      const done = [jobs.ping(), jobs.ping(), jobs.ping()];
      await untilDone(...done);
      const pending = jobs.getRepositoryByPath(backend.path());
      await expect(pyxis.asyncJobs({ status: 'done' })).resolves.toEqual(done.map((job) => job.id));
      await expect(pyxis.asyncJobs({ status: 'pending' })).resolves.toEqual([pending.id]);
      await expect(pyxis.asyncJobs({ status: 'done', count: 1 })).resolves.toEqual([done[0]?.id]);
      const error = await pyxis.asyncJobs({ status: 'bad_status' as never }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AsyncJobListError);
      expect(error).toMatchObject({ errorCode: 400 });
      await pending.wait();
    });

    test('clearAsyncJobs clears every job, or those finished before the threshold', async () => {
      const { store: pyxis, jobs } = backend.create();
      const job = jobs.ping();
      await job.wait().catch(() => {});
      const kept = jobs.ping();
      await untilDone(kept);
      await expect(pyxis.clearAsyncJobs({ threshold: Date.now() - 1_000_000 })).resolves.toBe(true);
      await expect(kept.status()).resolves.toBe('done');
      await expect(pyxis.clearAsyncJobs({ threshold: new Date(Date.now() + 1_000_000) })).resolves.toBe(true);
      await expect(kept.status()).rejects.toBeInstanceOf(AsyncJobStatusError);
      const another = jobs.ping();
      await expect(jobs.clearAsyncJobs()).resolves.toBe(true);
      await expect(another.status()).rejects.toMatchObject({ errorCode: 404 });
    });

    test('clearAsyncJobs with a threshold forgets the jobs finished, or started if running, before it', async () => {
      // Only Date is faked: it stamps the jobs; the requests and the event loop run for real.
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        const { store: pyxis, jobs } = backend.create();
        vi.setSystemTime(1_000_000);
        const early = jobs.ping();
        await untilDone(early);
        vi.setSystemTime(2_000_000);
        const late = jobs.execute('query Late { get_ping }');
        await untilDone(late);
        await expect(pyxis.clearAsyncJobs({ threshold: 1_500_000 })).resolves.toBe(true);
        await expect(early.status()).rejects.toBeInstanceOf(AsyncJobStatusError);
        await expect(late.status()).resolves.toBe('done');
        vi.setSystemTime(3_000_000);
        const running = jobs.getRepositoryByPath(backend.path());
        await expect(pyxis.clearAsyncJobs({ threshold: new Date(2_000_000) })).resolves.toBe(true);
        await expect(late.status()).resolves.toBe('done');
        await expect(running.status()).resolves.toBe('pending');
        await expect(pyxis.clearAsyncJobs({ threshold: 3_000_001 })).resolves.toBe(true);
        await expect(late.status()).rejects.toBeInstanceOf(AsyncJobStatusError);
        await expect(running.status()).rejects.toBeInstanceOf(AsyncJobStatusError);
      } finally {
        vi.useRealTimers();
      }
    });
  });
}
