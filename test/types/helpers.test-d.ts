// The public helpers' types, pinned: fan-out, run, the scheduler, and the kits of the other entry points
// (pyxis-gql/server, /testing, /fastify). Checked by vitest's typecheck mode: a wrong type fails the suite.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLHandler, HttpHandler } from 'msw';
import { describe, expectTypeOf, test } from 'vitest';
import pyxisSchedulerDefault, {
  atomic,
  getScheduler,
  pyxisScheduler,
  spawn,
} from '../../src/fastify/index.js';
import {
  type AsCompletedIterator,
  asCompleted,
  createScheduler,
  gather,
  type Job,
  PyxisClient,
  type PyxisImage,
  type PyxisRepository,
  run,
  Scheduler,
  type SettledResult,
  SKIP,
} from '../../src/index.js';
import {
  createDataset,
  type PyxisDataset,
  PyxisEngine,
  type PyxisServer,
  startPyxisServer,
} from '../../src/server/index.js';
import {
  aContainerImage,
  aContainerRepository,
  createPyxisHandlers,
  mockFindImages,
  mockFindImagesByNvr,
  mockFindRepositories,
  mockGetRepositoryByPath,
  mockPing,
  notFound,
  type PyxisFieldError,
  pyxisError,
} from '../../src/testing/index.js';

const pyxis = new PyxisClient();
const path = { registry: 'registry.access.redhat.com', repository: 'ubi9' };

describe('fan-out', () => {
  const tasks = [() => pyxis.getRepositoryByPath(path), (signal: AbortSignal) => pyxis.ping({ signal })];

  test('gather resolves to the tasks values in order, or their settled outcomes', () => {
    expectTypeOf(gather(tasks)).toEqualTypeOf<Promise<(PyxisRepository | string | null)[]>>();
    expectTypeOf(gather(tasks, { concurrency: 2 })).toEqualTypeOf<
      Promise<(PyxisRepository | string | null)[]>
    >();
    expectTypeOf(gather(tasks, { settle: true })).toEqualTypeOf<
      Promise<SettledResult<PyxisRepository | string | null>[]>
    >();
    const maybe = async (): Promise<number | typeof SKIP> => SKIP;
    expectTypeOf(gather([Promise.resolve(1), maybe])).toEqualTypeOf<Promise<number[]>>();
    // A task whose only return is SKIP must not widen the results to symbol.
    expectTypeOf(gather([async () => 1, async () => SKIP])).toEqualTypeOf<Promise<number[]>>();
    expectTypeOf(asCompleted([() => 'a', () => SKIP])).toEqualTypeOf<AsCompletedIterator<string>>();
  });

  test('asCompleted yields them as they finish', () => {
    expectTypeOf(asCompleted(tasks)).toEqualTypeOf<AsCompletedIterator<PyxisRepository | string | null>>();
    expectTypeOf(asCompleted(tasks, { settle: true })).toEqualTypeOf<
      AsCompletedIterator<SettledResult<PyxisRepository | string | null>>
    >();
  });

  test('run resolves to what main returns, or undefined once interrupted', () => {
    expectTypeOf(run(async () => 42)).toEqualTypeOf<Promise<number | undefined>>();
    expectTypeOf(run((signal) => pyxis.ping({ signal }))).toEqualTypeOf<Promise<string | null | undefined>>();
  });
});

describe('scheduler', () => {
  const scheduler = new Scheduler({ limit: 10 });

  test('spawning returns a job of the function result', () => {
    expectTypeOf(createScheduler()).toEqualTypeOf<Promise<Scheduler>>();
    expectTypeOf(scheduler.spawn(async () => 42)).toEqualTypeOf<Promise<Job<number>>>();
    expectTypeOf(scheduler.spawn(({ signal }) => pyxis.ping({ signal }))).toEqualTypeOf<
      Promise<Job<string | null>>
    >();
    expectTypeOf(scheduler.shield(Promise.resolve('x'))).toEqualTypeOf<Promise<string>>();
    expectTypeOf(scheduler.close()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(scheduler.waitAndClose()).toEqualTypeOf<Promise<void>>();
  });

  test('a job', () => {
    // Jobs come from spawn(): the constructor is not part of the API.
    // @ts-expect-error Job's constructor is private
    void (() => new Job({} as never));
    const job = {} as Job<number>;
    expectTypeOf(job.wait()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(job.close()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(job.pending).toEqualTypeOf<boolean>();
  });
});

describe('pyxis-gql/testing', () => {
  test('fixtures are the client result types', () => {
    expectTypeOf(aContainerRepository()).toEqualTypeOf<PyxisRepository>();
    expectTypeOf(aContainerRepository({ repository: 'ubi8' })).toEqualTypeOf<PyxisRepository>();
    expectTypeOf(aContainerImage({ brew: { build: 'b' } })).toEqualTypeOf<PyxisImage>();
  });

  test('handlers', () => {
    expectTypeOf(createPyxisHandlers()).toEqualTypeOf<HttpHandler[]>();
    expectTypeOf(mockPing()).toEqualTypeOf<GraphQLHandler>();
    expectTypeOf(mockGetRepositoryByPath(() => aContainerRepository())).toEqualTypeOf<GraphQLHandler>();
    expectTypeOf(mockGetRepositoryByPath(() => notFound())).toEqualTypeOf<GraphQLHandler>();
    expectTypeOf(mockFindRepositories(() => [aContainerRepository()])).toEqualTypeOf<GraphQLHandler>();
    expectTypeOf(mockFindImages(() => pyxisError(500, 'down'))).toEqualTypeOf<GraphQLHandler>();
    expectTypeOf(mockFindImagesByNvr(async () => [aContainerImage()])).toEqualTypeOf<GraphQLHandler>();
    expectTypeOf(notFound()).toEqualTypeOf<PyxisFieldError>();
    // @ts-expect-error: a repository resolver answers repositories
    mockGetRepositoryByPath(() => aContainerImage());
  });
});

describe('pyxis-gql/server', () => {
  test('the embedded server and its dataset', () => {
    expectTypeOf(startPyxisServer()).toEqualTypeOf<Promise<PyxisServer>>();
    expectTypeOf(createDataset({ seed: 1 })).toEqualTypeOf<PyxisDataset>();
    expectTypeOf(new PyxisEngine()).toEqualTypeOf<PyxisEngine>();
    expectTypeOf<PyxisServer['url']>().toEqualTypeOf<string>();
    expectTypeOf<ReturnType<PyxisServer['close']>>().toEqualTypeOf<Promise<void>>();
  });
});

describe('pyxis-gql/fastify', () => {
  test('the plugin and its helpers', () => {
    expectTypeOf(pyxisSchedulerDefault).toEqualTypeOf(pyxisScheduler);
    expectTypeOf(getScheduler({} as FastifyInstance)).toEqualTypeOf<Scheduler>();
    expectTypeOf(spawn({} as FastifyRequest, async () => 'done')).toEqualTypeOf<Promise<Job<string>>>();
    const handler = atomic(async (_request, _reply, signal) => pyxis.ping({ signal }));
    expectTypeOf(handler).toEqualTypeOf<
      (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => Promise<string | null>
    >();
  });
});
