// The client's public types, pinned: what every method returns in each execution context, and what `request`
// accepts. Checked by vitest's typecheck mode (and `npm run typecheck`): a wrong type fails the suite.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { GraphQLFormattedError } from 'graphql';
import { describe, expectTypeOf, test } from 'vitest';
import {
  type AsyncJob,
  type AsyncJobStatus,
  type AsyncPyxisClient,
  type BatchJob,
  type BatchPyxisClient,
  type DataWithErrors,
  PyxisClient,
  type PyxisImage,
  type PyxisRepository,
} from '../../src/index.js';

const pyxis = new PyxisClient();
const path = { registry: 'registry.access.redhat.com', repository: 'ubi9' };

/** A codegen-style document whose operation requires `$label`. */
declare const VendorLabel: TypedDocumentNode<
  { vendor: string | null },
  { label: string; page?: number | null }
>;
/** A codegen-style document without variables (codegen types them as an object of no keys). */
declare const Ping: TypedDocumentNode<{ get_ping: string | null }, { [key: string]: never }>;

describe('PyxisClient', () => {
  test('every Pyxis method resolves to its typed result', () => {
    expectTypeOf(pyxis.ping()).toEqualTypeOf<Promise<string | null>>();
    expectTypeOf(pyxis.getRepositoryByPath(path)).toEqualTypeOf<Promise<PyxisRepository | null>>();
    expectTypeOf(pyxis.findRepositories()).toEqualTypeOf<Promise<PyxisRepository[]>>();
    expectTypeOf(pyxis.findRepositoriesByRepositoryName('ubi9')).toEqualTypeOf<Promise<PyxisRepository[]>>();
    expectTypeOf(pyxis.findRepositoriesByRegistryPaths([path])).toEqualTypeOf<Promise<PyxisRepository[]>>();
    expectTypeOf(pyxis.findImagesByNvr('ubi9-container-9.4-1123')).toEqualTypeOf<Promise<PyxisImage[]>>();
    expectTypeOf(pyxis.findImagesByNvrs(['ubi9-container-9.4-1123'])).toEqualTypeOf<Promise<PyxisImage[]>>();
    expectTypeOf(pyxis.findImagesByInstalledRpms(['openssl'])).toEqualTypeOf<Promise<PyxisImage[]>>();
    expectTypeOf(pyxis.findImagesByNames(['ubi9-container'])).toEqualTypeOf<Promise<PyxisImage[]>>();
    expectTypeOf(pyxis.findImagesByRepository('ubi9')).toEqualTypeOf<Promise<PyxisImage[]>>();
    expectTypeOf(pyxis.findImagesByNameVersion('ubi9-container', '9.4')).toEqualTypeOf<
      Promise<PyxisImage[]>
    >();
    expectTypeOf(pyxis.execute('{ get_ping }')).toEqualTypeOf<Promise<Record<string, unknown>>>();
  });

  test('the client methods of its own', () => {
    expectTypeOf(pyxis.url).toEqualTypeOf<string>();
    expectTypeOf(pyxis.context).toEqualTypeOf<'default'>();
    expectTypeOf(pyxis.close()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(pyxis.asyncJobs({ status: 'done' })).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(pyxis.clearAsyncJobs()).toEqualTypeOf<Promise<true>>();
    expectTypeOf(pyxis.batch(() => {})).toEqualTypeOf<Promise<BatchJob<unknown>[]>>();
    expectTypeOf(pyxis.paginate('findImagesByNames', ['ubi9-container'])).toEqualTypeOf<
      AsyncIterableIterator<PyxisImage>
    >();
    expectTypeOf(pyxis.paginate('findRepositories', { published: true })).toEqualTypeOf<
      AsyncIterableIterator<PyxisRepository>
    >();
  });

  test('the contexts it begins', () => {
    expectTypeOf(pyxis.beginAsyncExecution()).toEqualTypeOf<AsyncPyxisClient<'async'>>();
    expectTypeOf(pyxis.beginAsyncExecution({ returnResult: true })).toEqualTypeOf<
      AsyncPyxisClient<'async'>
    >();
    expectTypeOf(pyxis.beginAsyncExecution({ returnResult: false })).toEqualTypeOf<
      AsyncPyxisClient<'async-fire'>
    >();
    expectTypeOf(pyxis.beginBatchExecution()).toEqualTypeOf<BatchPyxisClient<'batch'>>();
    expectTypeOf(pyxis.beginBatchExecution({ returnResult: false })).toEqualTypeOf<
      BatchPyxisClient<'batch-fire'>
    >();
  });
});

describe('request', () => {
  test('a typed document types the result; its required variables are required', () => {
    expectTypeOf(pyxis.request(VendorLabel, { label: 'vendor' })).toEqualTypeOf<
      Promise<{ vendor: string | null }>
    >();
    expectTypeOf(pyxis.request(VendorLabel, { label: 'vendor' }, { timeout: 5000 })).toEqualTypeOf<
      Promise<{ vendor: string | null }>
    >();
    // @ts-expect-error: the operation requires $label
    pyxis.request(VendorLabel);
    // @ts-expect-error: and its type
    pyxis.request(VendorLabel, { label: 1 });
    // @ts-expect-error: and no variable the operation lacks
    pyxis.request(VendorLabel, { label: 'vendor', labl: 'typo' });
  });

  test('a document without required variables may be sent without them', () => {
    expectTypeOf(pyxis.request(Ping)).toEqualTypeOf<Promise<{ get_ping: string | null }>>();
    expectTypeOf(pyxis.request(Ping, {}, { signal: AbortSignal.timeout(1000) })).toEqualTypeOf<
      Promise<{ get_ping: string | null }>
    >();
  });

  test('a string document takes its result type as a type argument, and any object as variables', () => {
    interface PathVariables {
      registry: string;
      repository: string;
    }
    const variables: PathVariables = path;
    expectTypeOf(pyxis.request('{ get_ping }')).toEqualTypeOf<Promise<Record<string, unknown>>>();
    expectTypeOf(pyxis.request<{ get_ping: string }>('{ get_ping }', variables)).toEqualTypeOf<
      Promise<{ get_ping: string }>
    >();
    expectTypeOf(pyxis.request<{ get_ping: string }, PathVariables>('{ get_ping }', variables)).toEqualTypeOf<
      Promise<{ get_ping: string }>
    >();
    // @ts-expect-error: variables are an object
    pyxis.request('{ get_ping }', 'registry=x');
  });

  test("errors: 'return' resolves to the data with its errors; 'throw' (the default) to the data", () => {
    expectTypeOf(pyxis.request(VendorLabel, { label: 'l' }, { errors: 'return' })).toEqualTypeOf<
      Promise<DataWithErrors<{ vendor: string | null }>>
    >();
    expectTypeOf(pyxis.request(VendorLabel, { label: 'l' }, { errors: 'throw' })).toEqualTypeOf<
      Promise<{ vendor: string | null }>
    >();
    expectTypeOf(pyxis.request(Ping, undefined, { errors: 'return', timeout: 5000 })).toEqualTypeOf<
      Promise<DataWithErrors<{ get_ping: string | null }>>
    >();
    expectTypeOf(pyxis.request<{ get_ping: string }>('{ get_ping }', {}, { errors: 'return' })).toEqualTypeOf<
      Promise<DataWithErrors<{ get_ping: string }>>
    >();
    expectTypeOf(pyxis.request('{ get_ping }', undefined, { errors: 'return' })).toEqualTypeOf<
      Promise<DataWithErrors<Record<string, unknown>>>
    >();
    expectTypeOf(pyxis.request('{ get_ping }', {}, { errors: 'throw' })).toEqualTypeOf<
      Promise<Record<string, unknown>>
    >();
    expectTypeOf<DataWithErrors<{ a: 1 }>['errors']>().toEqualTypeOf<readonly GraphQLFormattedError[]>();
    // @ts-expect-error: the operation still requires $label
    pyxis.request(VendorLabel, undefined, { errors: 'return' });
    // @ts-expect-error: no other policy
    pyxis.request(Ping, {}, { errors: 'all' });
    expectTypeOf(pyxis.beginAsyncExecution().request(Ping, {}, { errors: 'return' })).toEqualTypeOf<
      AsyncJob<DataWithErrors<{ get_ping: string | null }>>
    >();
    expectTypeOf(pyxis.beginBatchExecution().request(Ping, {}, { errors: 'return' })).toEqualTypeOf<
      BatchJob<DataWithErrors<{ get_ping: string | null }>>
    >();
  });
});

describe('async context', () => {
  const jobs = pyxis.beginAsyncExecution();
  const fire = pyxis.beginAsyncExecution({ returnResult: false });

  test('every method returns an AsyncJob of its result', () => {
    expectTypeOf(jobs.context).toEqualTypeOf<'async'>();
    expectTypeOf(jobs.ping()).toEqualTypeOf<AsyncJob<string | null>>();
    expectTypeOf(jobs.getRepositoryByPath(path)).toEqualTypeOf<AsyncJob<PyxisRepository | null>>();
    expectTypeOf(jobs.findRepositories()).toEqualTypeOf<AsyncJob<PyxisRepository[]>>();
    expectTypeOf(jobs.findRepositoriesByRepositoryName('ubi9')).toEqualTypeOf<AsyncJob<PyxisRepository[]>>();
    expectTypeOf(jobs.findRepositoriesByRegistryPaths([path])).toEqualTypeOf<AsyncJob<PyxisRepository[]>>();
    expectTypeOf(jobs.findImagesByNvr('n-v-r')).toEqualTypeOf<AsyncJob<PyxisImage[]>>();
    expectTypeOf(jobs.findImagesByNvrs(['n-v-r'])).toEqualTypeOf<AsyncJob<PyxisImage[]>>();
    expectTypeOf(jobs.findImagesByInstalledRpms(['openssl'])).toEqualTypeOf<AsyncJob<PyxisImage[]>>();
    expectTypeOf(jobs.findImagesByNames(['n'])).toEqualTypeOf<AsyncJob<PyxisImage[]>>();
    expectTypeOf(jobs.findImagesByRepository('ubi9')).toEqualTypeOf<AsyncJob<PyxisImage[]>>();
    expectTypeOf(jobs.findImagesByNameVersion('n', '1')).toEqualTypeOf<AsyncJob<PyxisImage[]>>();
    expectTypeOf(jobs.request(VendorLabel, { label: 'l' })).toEqualTypeOf<
      AsyncJob<{ vendor: string | null }>
    >();
    expectTypeOf(jobs.execute('{ get_ping }')).toEqualTypeOf<AsyncJob<Record<string, unknown>>>();
    expectTypeOf(jobs.asyncJobs({ status: 'pending' })).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(jobs.clearAsyncJobs()).toEqualTypeOf<Promise<true>>();
  });

  test('with returnResult: false, calls return nothing', () => {
    expectTypeOf(fire.context).toEqualTypeOf<'async'>();
    expectTypeOf(fire.ping()).toEqualTypeOf<undefined>();
    expectTypeOf(fire.getRepositoryByPath(path)).toEqualTypeOf<undefined>();
    expectTypeOf(fire.findImagesByNames(['n'])).toEqualTypeOf<undefined>();
  });

  test('an AsyncJob', () => {
    const job = jobs.getRepositoryByPath(path);
    expectTypeOf(job.id).toEqualTypeOf<string>();
    expectTypeOf(job.status()).toEqualTypeOf<Promise<AsyncJobStatus>>();
    expectTypeOf(job.result()).toEqualTypeOf<Promise<PyxisRepository | null>>();
    expectTypeOf(job.wait()).toEqualTypeOf<Promise<PyxisRepository | null>>();
    expectTypeOf(job.cancel()).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(job.clear({ ignoreMissing: true })).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(job.toString()).toEqualTypeOf<string>();
  });
});

describe('batch context', () => {
  const batch = pyxis.beginBatchExecution();
  const fire = pyxis.beginBatchExecution({ returnResult: false });

  test('every method returns a BatchJob of its result', () => {
    expectTypeOf(batch.context).toEqualTypeOf<'batch'>();
    expectTypeOf(batch.ping()).toEqualTypeOf<BatchJob<string | null>>();
    expectTypeOf(batch.getRepositoryByPath(path)).toEqualTypeOf<BatchJob<PyxisRepository | null>>();
    expectTypeOf(batch.findRepositories()).toEqualTypeOf<BatchJob<PyxisRepository[]>>();
    expectTypeOf(batch.findRepositoriesByRepositoryName('ubi9')).toEqualTypeOf<BatchJob<PyxisRepository[]>>();
    expectTypeOf(batch.findRepositoriesByRegistryPaths([path])).toEqualTypeOf<BatchJob<PyxisRepository[]>>();
    expectTypeOf(batch.findImagesByNvr('n-v-r')).toEqualTypeOf<BatchJob<PyxisImage[]>>();
    expectTypeOf(batch.findImagesByNvrs(['n-v-r'])).toEqualTypeOf<BatchJob<PyxisImage[]>>();
    expectTypeOf(batch.findImagesByInstalledRpms(['openssl'])).toEqualTypeOf<BatchJob<PyxisImage[]>>();
    expectTypeOf(batch.findImagesByNames(['n'])).toEqualTypeOf<BatchJob<PyxisImage[]>>();
    expectTypeOf(batch.findImagesByRepository('ubi9')).toEqualTypeOf<BatchJob<PyxisImage[]>>();
    expectTypeOf(batch.findImagesByNameVersion('n', '1')).toEqualTypeOf<BatchJob<PyxisImage[]>>();
    expectTypeOf(batch.request(VendorLabel, { label: 'l' })).toEqualTypeOf<
      BatchJob<{ vendor: string | null }>
    >();
    expectTypeOf(batch.execute('{ get_ping }')).toEqualTypeOf<BatchJob<Record<string, unknown>>>();
    expectTypeOf(batch.queuedJobs()).toEqualTypeOf<BatchJob<unknown>[]>();
    expectTypeOf(batch.commit()).toEqualTypeOf<Promise<BatchJob<unknown>[]>>();
  });

  test('with returnResult: false, calls and the commit return nothing', () => {
    expectTypeOf(fire.ping()).toEqualTypeOf<undefined>();
    expectTypeOf(fire.findImagesByNvr('n-v-r')).toEqualTypeOf<undefined>();
    expectTypeOf(fire.queuedJobs()).toEqualTypeOf<undefined>();
    expectTypeOf(fire.commit()).toEqualTypeOf<Promise<undefined>>();
  });

  test('a BatchJob', () => {
    const job = batch.findImagesByNvr('n-v-r');
    expectTypeOf(job.id).toEqualTypeOf<string>();
    expectTypeOf(job.status()).toEqualTypeOf<Promise<'pending' | 'done'>>();
    expectTypeOf(job.result()).toEqualTypeOf<Promise<PyxisImage[]>>();
  });
});

test('contexts and jobs come from the client, not from their constructors', () => {
  type Constructor = abstract new (...args: never[]) => unknown;
  // Private constructors: `new AsyncPyxisClient(...)` and the like do not compile.
  expectTypeOf<typeof import('../../src/index.js').AsyncPyxisClient>().not.toExtend<Constructor>();
  expectTypeOf<typeof import('../../src/index.js').BatchPyxisClient>().not.toExtend<Constructor>();
  expectTypeOf<typeof import('../../src/index.js').AsyncJob>().not.toExtend<Constructor>();
  expectTypeOf<typeof import('../../src/index.js').BatchJob>().not.toExtend<Constructor>();
});
