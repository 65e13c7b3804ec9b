import { getEventListeners } from 'node:events';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  FanoutAbortError,
  type FanoutProgress,
  gather,
  InvalidOptionError,
  InvalidTaskError,
  InvalidTaskInputError,
  type SettledResult,
  SKIP,
  type Task,
} from '../../src/fanout/index.js';
import { deferred } from '../helpers/async.js';
import { countingSource, expectNoUnhandledRejections, settleDown, TaskPool } from './helpers.js';

expectNoUnhandledRejections();

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('gather', () => {
  it('resolves to the results in input order, whatever order the tasks finish in', async () => {
    const finished: number[] = [];
    const tasks = Array.from({ length: 40 }, (_, index) => async () => {
      await delay(Math.random() * 4);
      finished.push(index);
      return index * 10;
    });

    const results = await gather(tasks, { concurrency: 8 });

    expect(finished).not.toEqual([...finished].sort((a, b) => a - b));
    expect(results).toEqual(tasks.map((_, index) => index * 10));
  });

  it('keeps input order when tasks finish in reverse', async () => {
    const pool = new TaskPool<string>();
    const gathered = gather(pool.tasks(5), { concurrency: Number.POSITIVE_INFINITY });
    await settleDown();
    for (const index of [4, 3, 2, 1, 0]) {
      pool.resolve(index, `r${index}`);
      await settleDown();
    }
    await expect(gathered).resolves.toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('accepts promises, functions, iterables and async iterables', async () => {
    await expect(gather([Promise.resolve(1), async () => 2])).resolves.toEqual([1, 2]);
    await expect(gather(new Set([async () => 'a', async () => 'b']))).resolves.toEqual(['a', 'b']);
    const source = countingSource(3, (index) => async () => index);
    await expect(gather(source)).resolves.toEqual([0, 1, 2]);
  });

  it('resolves to an empty array for no tasks', async () => {
    await expect(gather([])).resolves.toEqual([]);
  });

  it('never runs more than `concurrency` tasks at once, and does use them all', async () => {
    const pool = new TaskPool();
    const gathered = gather(pool.tasks(20), { concurrency: 3 });
    for (let index = 0; index < 20; index++) {
      await settleDown();
      expect(pool.running).toBeLessThanOrEqual(3);
      pool.resolve(index, index);
    }
    await gathered;
    expect(pool.maxRunning).toBe(3);
    expect(pool.started).toHaveLength(20);
  });

  it('runs 16 tasks at once by default, and all of them with Infinity', async () => {
    const byDefault = new TaskPool();
    const unlimited = new TaskPool();
    const gatheredByDefault = gather(byDefault.tasks(40));
    const gatheredUnlimited = gather(unlimited.tasks(40), { concurrency: Number.POSITIVE_INFINITY });
    await settleDown();
    expect(byDefault.running).toBe(16);
    expect(unlimited.running).toBe(40);
    for (let index = 0; index < 40; index++) unlimited.resolve(index, index);
    for (let index = 0; index < 40; index++) {
      byDefault.resolve(index, index);
      await settleDown();
    }
    await Promise.all([gatheredByDefault, gatheredUnlimited]);
  });

  it('pulls from an async iterable only as fast as tasks finish', async () => {
    const pool = new TaskPool();
    const source = countingSource(1000, (index) => pool.task(index));
    const gathered = gather(source, { concurrency: 4 });
    await settleDown();
    expect(pool.running).toBe(4);
    expect(source.pulled).toBe(4);

    pool.resolve(0, 0);
    await settleDown();
    expect(source.pulled).toBe(5);

    pool.reject(1, new Error('stop'));
    await expect(gathered).rejects.toThrow('stop');
  });

  describe('when a task fails', () => {
    it('rejects with its error, aborts the running tasks and starts no other task', async () => {
      const pool = new TaskPool();
      const failure = new Error('lookup failed');
      const gathered = gather(pool.tasks(10), { concurrency: 3 });
      await settleDown();

      pool.reject(1, failure);
      await expect(gathered).rejects.toBe(failure);

      expect(pool.signals[0]?.aborted).toBe(true);
      expect(pool.signals[2]?.aborted).toBe(true);
      const reason = pool.signals[0]?.reason;
      expect(reason).toBeInstanceOf(FanoutAbortError);
      expect((reason as FanoutAbortError).name).toBe('AbortError');
      expect((reason as FanoutAbortError).cause).toBe(failure);

      pool.resolve(0, 0);
      pool.resolve(2, 2);
      await settleDown();
      expect(pool.started).toEqual([0, 1, 2]);
    });

    it('treats a task that throws synchronously as a failure', async () => {
      const started: number[] = [];
      const tasks = [
        () => {
          throw new Error('sync');
        },
        async () => {
          started.push(1);
          return 1;
        },
      ];
      await expect(gather(tasks, { concurrency: 1 })).rejects.toThrow('sync');
      expect(started).toEqual([]);
    });

    it('closes a generator source', async () => {
      const source = countingSource(100, () => async () => {
        throw new Error('fail');
      });
      await expect(gather(source, { concurrency: 2 })).rejects.toThrow('fail');
      await settleDown();
      expect(source.closed).toBe(true);
    });
  });

  describe('options.signal', () => {
    it('rejects with the reason, aborts the running tasks with it and starts no other task', async () => {
      const pool = new TaskPool();
      const controller = new AbortController();
      const gathered = gather(pool.tasks(10), { concurrency: 2, signal: controller.signal });
      await settleDown();

      const reason = new Error('user cancelled');
      controller.abort(reason);
      await expect(gathered).rejects.toBe(reason);
      expect(pool.signals[0]?.reason).toBe(reason);
      expect(pool.signals[1]?.reason).toBe(reason);

      pool.resolve(0, 0);
      pool.resolve(1, 1);
      await settleDown();
      expect(pool.started).toEqual([0, 1]);
    });

    it('starts nothing when the signal is aborted already', async () => {
      const pool = new TaskPool();
      const reason = new Error('too late');
      await expect(gather(pool.tasks(3), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect(pool.started).toEqual([]);
    });

    it('stops listening to the signal once done', async () => {
      const controller = new AbortController();
      await gather([async () => 1], { signal: controller.signal });
      await expect(gather([Promise.reject(new Error('x'))], { signal: controller.signal })).rejects.toThrow(
        'x',
      );
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    });
  });

  describe('settle', () => {
    it('runs every task and reports each outcome in input order', async () => {
      const failure = new Error('not found');
      const results = await gather([async () => 1, Promise.reject(failure), async () => 3], {
        settle: true,
        concurrency: 1,
      });
      expect(results).toEqual([
        { status: 'fulfilled', value: 1 },
        { status: 'rejected', reason: failure },
        { status: 'fulfilled', value: 3 },
      ]);
    });

    it('does not abort the other tasks', async () => {
      const pool = new TaskPool();
      const gathered = gather(pool.tasks(2), { settle: true });
      await settleDown();
      pool.reject(0, new Error('one'));
      await settleDown();
      expect(pool.signals[1]?.aborted).toBe(false);
      pool.resolve(1, 1);
      await expect(gathered).resolves.toHaveLength(2);
    });
  });

  describe('skipping', () => {
    it('drops the values the skip predicate matches, leaving no gap', async () => {
      const seen: Array<[number, number]> = [];
      const results = await gather([async () => 1, async () => 2, async () => 3, async () => 4], {
        skip: (value, index) => {
          seen.push([value, index]);
          return value % 2 === 0;
        },
      });
      expect(results).toEqual([1, 3]);
      expect(seen.sort()).toEqual([
        [1, 0],
        [2, 1],
        [3, 2],
        [4, 3],
      ]);
    });

    it('drops the tasks that resolve to SKIP', async () => {
      const results = await gather([
        async () => 'a',
        async () => SKIP,
        Promise.resolve(SKIP),
        async () => 'd',
      ]);
      expect(results).toEqual(['a', 'd']);
    });

    it('keeps input order among the kept results when tasks finish out of order', async () => {
      const pool = new TaskPool<unknown>();
      const gathered = gather(pool.tasks(8), { concurrency: Number.POSITIVE_INFINITY });
      await settleDown();
      // Odd inputs skip themselves; the kept ones finish in a scrambled order.
      for (const index of [5, 2, 7, 0, 3, 6, 1, 4]) {
        pool.resolve(index, index % 2 === 1 ? SKIP : `r${index}`);
        await settleDown();
      }
      await expect(gathered).resolves.toEqual(['r0', 'r2', 'r4', 'r6']);
    });

    it('applies skip to fulfilled values only when settling', async () => {
      const failure = new Error('x');
      const results = await gather([async () => 1, Promise.reject(failure), async () => SKIP], {
        settle: true,
        skip: (value) => value === 1,
      });
      expect(results).toEqual([{ status: 'rejected', reason: failure }]);
    });

    it('fails when the skip predicate throws, even when settling', async () => {
      const failure = new Error('bad predicate');
      const options = {
        settle: true,
        skip: () => {
          throw failure;
        },
      } as const;
      await expect(gather([async () => 1], options)).rejects.toBe(failure);
    });
  });

  describe('onProgress', () => {
    it('reports the counters after each task settles', async () => {
      const reports: FanoutProgress[] = [];
      await gather([async () => 1, Promise.reject(new Error('x')), async () => SKIP, async () => 4], {
        concurrency: 1,
        settle: true,
        onProgress: (progress) => reports.push(progress),
      });
      expect(reports).toEqual([
        { done: 1, failed: 0, skipped: 0, running: 0, total: 4 },
        { done: 2, failed: 1, skipped: 0, running: 0, total: 4 },
        { done: 3, failed: 1, skipped: 1, running: 0, total: 4 },
        { done: 4, failed: 1, skipped: 1, running: 0, total: 4 },
      ]);
    });

    it('counts the running tasks, and learns the total of an iterable when it runs out', async () => {
      const pool = new TaskPool();
      const reports: FanoutProgress[] = [];
      function* tasks() {
        for (let index = 0; index < 3; index++) yield pool.task(index);
      }
      const gathered = gather(tasks(), { onProgress: (progress) => reports.push(progress) });
      await settleDown();
      pool.resolve(0, 0);
      await settleDown();
      pool.resolve(1, 1);
      pool.resolve(2, 2);
      await gathered;
      expect(reports[0]).toEqual({ done: 1, failed: 0, skipped: 0, running: 2, total: 3 });
      expect(reports.at(-1)).toEqual({ done: 3, failed: 0, skipped: 0, running: 0, total: 3 });
    });

    it('reports no total while an iterable has not run out', async () => {
      const pool = new TaskPool();
      const reports: FanoutProgress[] = [];
      const source = countingSource(10, (index) => pool.task(index));
      const gathered = gather(source, { concurrency: 2, onProgress: (progress) => reports.push(progress) });
      await settleDown();
      pool.resolve(0, 0);
      await settleDown();
      expect(reports).toEqual([{ done: 1, failed: 0, skipped: 0, running: 1, total: undefined }]);
      pool.reject(1, new Error('end'));
      await expect(gathered).rejects.toThrow('end');
    });

    it('fails gather when the listener throws', async () => {
      const failure = new Error('listener broke');
      const gathered = gather([async () => 1], {
        onProgress: () => {
          throw failure;
        },
      });
      await expect(gathered).rejects.toBe(failure);
    });
  });

  describe('bad input', () => {
    it.each([0, -1, 1.5, Number.NaN, '4', null])(
      'rejects concurrency %s with a TypeError naming the option',
      async (value) => {
        const gathered = gather([async () => 1], { concurrency: value as number });
        await expect(gathered).rejects.toThrow(InvalidOptionError);
        await expect(gathered).rejects.toThrow(/`concurrency`/);
        await expect(gathered).rejects.toBeInstanceOf(TypeError);
      },
    );

    it('rejects an array holding a non-task with a TypeError naming its index, before starting anything', async () => {
      const pool = new TaskPool();
      const tasks = [pool.task(0), pool.task(1), 42 as unknown as () => Promise<number>];
      const gathered = gather(tasks);
      await expect(gathered).rejects.toThrow(InvalidTaskError);
      await expect(gathered).rejects.toMatchObject({ index: 2, task: 42 });
      await expect(gathered).rejects.toThrow(/index 2/);
      expect(pool.started).toEqual([]);
    });

    it('rejects a non-task read from an iterable, naming its index', async () => {
      function* tasks() {
        yield async () => 1;
        yield 'oops' as unknown as () => Promise<number>;
      }
      await expect(gather(tasks())).rejects.toMatchObject({ name: 'InvalidTaskError', index: 1 });
    });

    it('rejects an input that is not iterable', async () => {
      await expect(gather(42 as unknown as [])).rejects.toThrow(InvalidTaskInputError);
    });
  });

  describe('unhandled rejections (checked after every test by a process listener)', () => {
    it('handles promises that reject while waiting for their turn', async () => {
      const pool = new TaskPool();
      const late = deferred<number>();
      const gathered = gather([pool.task(0), late.promise], { concurrency: 1, settle: true });
      late.reject(new Error('rejected while waiting'));
      await settleDown();
      pool.resolve(0, 0);
      await expect(gathered).resolves.toEqual([
        { status: 'fulfilled', value: 0 },
        { status: 'rejected', reason: new Error('rejected while waiting') },
      ]);
    });

    it('handles promises and running tasks that reject after gather has failed', async () => {
      const pool = new TaskPool();
      const waiting = deferred<number>();
      const gathered = gather([pool.task(0), pool.task(1), waiting.promise], { concurrency: 2 });
      await settleDown();
      pool.reject(0, new Error('first'));
      await expect(gathered).rejects.toThrow('first');
      pool.reject(1, new Error('second'));
      waiting.reject(new Error('third'));
    });

    it('handles tasks that reject after the signal aborted gather', async () => {
      const controller = new AbortController();
      const pool = new TaskPool();
      const gathered = gather(pool.tasks(2), { signal: controller.signal });
      await settleDown();
      controller.abort();
      await expect(gathered).rejects.toThrow();
      pool.reject(0, pool.signals[0]?.reason);
      pool.reject(1, new Error('other'));
    });

    it.each([
      ['a Set', (promises: Promise<number>[]) => new Set(promises)],
      ['an array iterator', (promises: Promise<number>[]) => promises.values()],
      ['a Map iterator', (promises: Promise<number>[]) => new Map(promises.entries()).values()],
    ])('handles the unread promises of %s after gather has failed', async (_, collect) => {
      const late = deferred<number>();
      const gathered = gather(collect([Promise.reject(new Error('first')), late.promise]), {
        concurrency: 1,
      });
      await expect(gathered).rejects.toThrow('first');
      late.reject(new Error('late'));
    });

    it('handles a promise that an async source delivers after gather has failed', async () => {
      const pool = new TaskPool();
      const gate = deferred();
      const late = deferred<number>();
      let reads = 0;
      const source: AsyncIterable<Task<number>> = {
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            reads++;
            if (reads === 1) return { done: false, value: pool.task(0) };
            await gate.promise;
            return { done: false, value: late.promise };
          },
        }),
      };
      const gathered = gather(source, { concurrency: 2 });
      await settleDown();
      expect(reads).toBe(2);
      pool.reject(0, new Error('first'));
      await expect(gathered).rejects.toThrow('first');
      gate.resolve();
      await settleDown();
      late.reject(new Error('late'));
    });
  });

  it('infers the result types', () => {
    const found = (value: number) => async () => (value > 0 ? value : SKIP);
    expectTypeOf(gather([async () => 1, Promise.resolve('a')])).toEqualTypeOf<
      Promise<Array<number | string>>
    >();
    expectTypeOf(gather([found(1), found(2)])).toEqualTypeOf<Promise<number[]>>();
    expectTypeOf(gather([async () => 1], { settle: true })).toEqualTypeOf<Promise<SettledResult<number>[]>>();
    expectTypeOf(gather(new Set([async () => true]))).toEqualTypeOf<Promise<boolean[]>>();
  });
});
