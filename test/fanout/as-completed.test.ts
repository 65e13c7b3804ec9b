import { getEventListeners } from 'node:events';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AsCompletedIterator,
  asCompleted,
  FanoutAbortError,
  type FanoutProgress,
  InvalidOptionError,
  InvalidTaskError,
  type SettledResult,
  SKIP,
  type Task,
} from '../../src/fanout/index.js';
import { deferred } from '../helpers/async.js';
import { countingSource, expectNoUnhandledRejections, settleDown, TaskPool } from './helpers.js';

expectNoUnhandledRejections();

/** Reads the stream in the background, so the test can watch what arrives. */
function collect<T>(stream: AsyncIterable<T>) {
  const received: T[] = [];
  const done = (async () => {
    for await (const value of stream) received.push(value);
    return received;
  })();
  return { received, done };
}

describe('asCompleted', () => {
  it('yields results in the order the tasks finish', async () => {
    const pool = new TaskPool<string>();
    const { received, done } = collect(asCompleted(pool.tasks(4)));
    await settleDown();
    for (const index of [2, 0, 3, 1]) {
      pool.resolve(index, `r${index}`);
      await settleDown();
    }
    await done;
    expect(received).toEqual(['r2', 'r0', 'r3', 'r1']);
  });

  it('yields each result as soon as it is ready, before the others finish', async () => {
    const pool = new TaskPool<string>();
    const { received, done } = collect(asCompleted(pool.tasks(3)));
    await settleDown();
    pool.resolve(1, 'first');
    await settleDown();
    expect(received).toEqual(['first']);
    pool.resolve(0, 'a');
    pool.resolve(2, 'b');
    await done;
  });

  it('accepts promises, functions, iterables and async iterables', async () => {
    const fromArray = collect(asCompleted([Promise.resolve(1), async () => 2]));
    const fromSource = collect(asCompleted(countingSource(3, (index) => async () => index)));
    expect((await fromArray.done).sort()).toEqual([1, 2]);
    expect((await fromSource.done).sort()).toEqual([0, 1, 2]);
  });

  it('ends at once for no tasks', async () => {
    await expect(asCompleted([]).next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('starts nothing before the first next()', async () => {
    const pool = new TaskPool();
    const stream = asCompleted(pool.tasks(3));
    await settleDown();
    expect(pool.started).toEqual([]);
    const first = stream.next();
    expect(pool.started).toEqual([0, 1, 2]);
    pool.resolve(0, 0);
    await expect(first).resolves.toEqual({ done: false, value: 0 });
    await stream.return();
  });

  it('never runs more than `concurrency` tasks at once, and does use them all', async () => {
    const pool = new TaskPool();
    const { done } = collect(asCompleted(pool.tasks(20), { concurrency: 3 }));
    for (let index = 0; index < 20; index++) {
      await settleDown();
      expect(pool.running).toBeLessThanOrEqual(3);
      pool.resolve(index, index);
    }
    await expect(done).resolves.toHaveLength(20);
    expect(pool.maxRunning).toBe(3);
  });

  it('runs 16 tasks at once by default', async () => {
    const pool = new TaskPool();
    const stream = asCompleted(pool.tasks(40));
    void stream.next();
    expect(pool.running).toBe(16);
    await stream.return();
  });

  it('pulls from an async iterable only as fast as tasks finish', async () => {
    const pool = new TaskPool();
    const source = countingSource(1000, (index) => pool.task(index));
    const stream = asCompleted(source, { concurrency: 4 });
    const first = stream.next();
    await settleDown();
    expect(pool.running).toBe(4);
    expect(source.pulled).toBe(4);

    pool.resolve(0, 0);
    await expect(first).resolves.toEqual({ done: false, value: 0 });
    await settleDown();
    expect(source.pulled).toBe(5);
    await stream.return();
  });

  it('holds back new tasks while results wait for a slow consumer', async () => {
    const pool = new TaskPool();
    const stream = asCompleted(pool.tasks(10), { concurrency: 2 });
    const first = stream.next();
    pool.resolve(0, 0);
    pool.resolve(1, 1);
    await expect(first).resolves.toEqual({ done: false, value: 0 });
    await settleDown();
    // Result 1 waits for the consumer, so only one more task may run.
    expect(pool.started).toEqual([0, 1, 2]);
    await expect(stream.next()).resolves.toEqual({ done: false, value: 1 });
    expect(pool.started).toEqual([0, 1, 2, 3]);
    await stream.return();
  });

  describe('when a task fails', () => {
    it('throws its error from the pending next(), aborts the running tasks and starts no other task', async () => {
      const pool = new TaskPool();
      const failure = new Error('lookup failed');
      const stream = asCompleted(pool.tasks(10), { concurrency: 3 });
      const pending = stream.next();
      pool.reject(1, failure);
      await expect(pending).rejects.toBe(failure);

      expect(pool.signals[0]?.reason).toBeInstanceOf(FanoutAbortError);
      expect(pool.signals[0]?.reason).toHaveProperty('cause', failure);
      expect(pool.signals[2]?.aborted).toBe(true);
      pool.resolve(0, 0);
      pool.resolve(2, 2);
      await settleDown();
      expect(pool.started).toEqual([0, 1, 2]);
      await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
    });

    it('throws from the next next() when nobody was waiting, dropping the results not yet read', async () => {
      const pool = new TaskPool();
      const failure = new Error('later');
      const stream = asCompleted(pool.tasks(3));
      const first = stream.next();
      pool.resolve(0, 0);
      await expect(first).resolves.toEqual({ done: false, value: 0 });
      pool.resolve(1, 1);
      pool.reject(2, failure);
      await settleDown();
      await expect(stream.next()).rejects.toBe(failure);
      await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
    });

    it('makes a for-await loop throw', async () => {
      const failure = new Error('boom');
      const received: unknown[] = [];
      const loop = async () => {
        for await (const value of asCompleted([async () => 1, Promise.reject(failure)], { concurrency: 1 })) {
          received.push(value);
        }
      };
      await expect(loop()).rejects.toBe(failure);
      expect(received).toEqual([1]);
    });
  });

  describe('leaving a for-await loop early', () => {
    it('aborts the running tasks, starts no more and closes the source', async () => {
      const pool = new TaskPool();
      const source = countingSource(100, (index) => pool.task(index));
      const loop = (async () => {
        for await (const value of asCompleted(source, { concurrency: 3 })) {
          if (value === 1) break;
        }
      })();
      await settleDown();
      pool.resolve(1, 1);
      await loop;

      expect(pool.signals[0]?.reason).toBeInstanceOf(FanoutAbortError);
      expect(pool.signals[2]?.aborted).toBe(true);
      pool.resolve(0, 0);
      pool.resolve(2, 2);
      await settleDown();
      expect(pool.started).toEqual([0, 1, 2]);
      expect(source.closed).toBe(true);
    });

    it('ends a pending next() when return() is called', async () => {
      const pool = new TaskPool();
      const stream = asCompleted(pool.tasks(2));
      const pending = stream.next();
      await expect(stream.return()).resolves.toEqual({ done: true, value: undefined });
      await expect(pending).resolves.toEqual({ done: true, value: undefined });
    });
  });

  describe('options.signal', () => {
    it('rejects the pending next() with the reason even when tasks ignore their signal', async () => {
      const pool = new TaskPool();
      const controller = new AbortController();
      const stream = asCompleted(pool.tasks(10), { concurrency: 2, signal: controller.signal });
      const pending = stream.next();
      const reason = new Error('user cancelled');
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      expect(pool.signals[0]?.reason).toBe(reason);
      expect(pool.signals[1]?.reason).toBe(reason);

      pool.resolve(0, 0);
      await settleDown();
      expect(pool.started).toEqual([0, 1]);
      await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
    });

    it('starts nothing when the signal is aborted already', async () => {
      const pool = new TaskPool();
      const reason = new Error('too late');
      const stream = asCompleted(pool.tasks(3), { signal: AbortSignal.abort(reason) });
      await expect(stream.next()).rejects.toBe(reason);
      expect(pool.started).toEqual([]);
    });

    it('stops listening to the signal once drained, failed or closed', async () => {
      const controller = new AbortController();
      const { signal } = controller;
      await collect(asCompleted([async () => 1], { signal })).done;
      await expect(collect(asCompleted([Promise.reject(new Error('x'))], { signal })).done).rejects.toThrow(
        'x',
      );
      const closed = asCompleted([deferred().promise], { signal });
      void closed.next();
      await closed.return();
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    });
  });

  describe('settle', () => {
    it('yields every outcome and aborts nothing', async () => {
      const pool = new TaskPool();
      const failure = new Error('not found');
      const { received, done } = collect(asCompleted(pool.tasks(2), { settle: true }));
      await settleDown();
      pool.reject(0, failure);
      await settleDown();
      expect(pool.signals[1]?.aborted).toBe(false);
      pool.resolve(1, 1);
      await done;
      expect(received).toEqual([
        { status: 'rejected', reason: failure },
        { status: 'fulfilled', value: 1 },
      ]);
    });
  });

  describe('skipping', () => {
    it('drops the values the skip predicate matches, and the tasks that resolve to SKIP', async () => {
      const seen: number[] = [];
      const stream = asCompleted([async () => 1, async () => 2, async () => SKIP, Promise.resolve(4)], {
        concurrency: 1,
        skip: (value, index) => {
          seen.push(index);
          return value === 2;
        },
      });
      await expect(collect(stream).done).resolves.toEqual([1, 4]);
      expect(seen).toEqual([0, 1, 3]);
    });

    it('applies skip to fulfilled values only when settling', async () => {
      const failure = new Error('x');
      const stream = asCompleted([async () => 1, Promise.reject(failure)], {
        concurrency: 1,
        settle: true,
        skip: () => true,
      });
      await expect(collect(stream).done).resolves.toEqual([{ status: 'rejected', reason: failure }]);
    });

    it('fails when the skip predicate throws, even when settling', async () => {
      const failure = new Error('bad predicate');
      const stream = asCompleted([async () => 1], {
        settle: true,
        skip: () => {
          throw failure;
        },
      });
      await expect(stream.next()).rejects.toBe(failure);
    });
  });

  describe('onProgress', () => {
    it('reports the counters after each task settles', async () => {
      const reports: FanoutProgress[] = [];
      const stream = asCompleted([async () => 1, Promise.reject(new Error('x')), async () => SKIP], {
        concurrency: 1,
        settle: true,
        onProgress: (progress) => reports.push(progress),
      });
      await collect(stream).done;
      expect(reports).toEqual([
        { done: 1, failed: 0, skipped: 0, running: 0, total: 3 },
        { done: 2, failed: 1, skipped: 0, running: 0, total: 3 },
        { done: 3, failed: 1, skipped: 1, running: 0, total: 3 },
      ]);
    });

    it('counts the running tasks and learns the total of an async iterable when it runs out', async () => {
      const pool = new TaskPool();
      const reports: FanoutProgress[] = [];
      const stream = asCompleted(
        countingSource(2, (index) => pool.task(index)),
        { onProgress: (progress) => reports.push(progress) },
      );
      const { done } = collect(stream);
      await settleDown();
      pool.resolve(0, 0);
      await settleDown();
      pool.resolve(1, 1);
      await done;
      expect(reports).toEqual([
        { done: 1, failed: 0, skipped: 0, running: 1, total: 2 },
        { done: 2, failed: 0, skipped: 0, running: 0, total: 2 },
      ]);
    });

    it('fails the stream when the listener throws', async () => {
      const failure = new Error('listener broke');
      const stream = asCompleted([async () => 1], {
        onProgress: () => {
          throw failure;
        },
      });
      await expect(stream.next()).rejects.toBe(failure);
    });
  });

  describe('bad input', () => {
    it.each([0, -2, 2.5, Number.NaN, '8'])(
      'throws at once for concurrency %s, naming the option',
      (value) => {
        expect(() => asCompleted([], { concurrency: value as number })).toThrow(InvalidOptionError);
        expect(() => asCompleted([], { concurrency: value as number })).toThrow(/`concurrency`/);
      },
    );

    it('throws at once for an array holding a non-task, naming its index', () => {
      const tasks = [async () => 1, { not: 'a task' }] as unknown as Array<Task<number>>;
      expect(() => asCompleted(tasks)).toThrow(InvalidTaskError);
      expect(() => asCompleted(tasks)).toThrow(/index 1/);
    });

    it('fails the stream on a non-task read from an async iterable, naming its index', async () => {
      const source = countingSource(3, (index) => (index === 2 ? null : async () => index));
      const stream = asCompleted(source as AsyncIterable<Task<number>>, { concurrency: 1 });
      await expect(collect(stream).done).rejects.toMatchObject({ name: 'InvalidTaskError', index: 2 });
    });

    it('fails the stream when the source throws', async () => {
      async function* source() {
        yield async () => 1;
        throw new Error('source broke');
      }
      await expect(collect(asCompleted(source())).done).rejects.toThrow('source broke');
    });
  });

  describe('unhandled rejections (checked after every test by a process listener)', () => {
    it('handles a failure that nobody reads', async () => {
      const stream = asCompleted([Promise.reject(new Error('never read'))]);
      void stream.next().catch(() => {});
      const unread = asCompleted([async () => 1, Promise.reject(new Error('stored'))]);
      await unread.next();
      await settleDown();
    });

    it('handles tasks that reject after the loop was left', async () => {
      const pool = new TaskPool();
      const waiting = deferred<number>();
      const stream = asCompleted([pool.task(0), pool.task(1), waiting.promise], { concurrency: 2 });
      const first = stream.next();
      pool.resolve(0, 0);
      await first;
      await stream.return();
      pool.reject(1, new Error('after break'));
      waiting.reject(new Error('never started'));
    });

    it('handles promises of a stream that is never read', async () => {
      const waiting = deferred<number>();
      asCompleted([waiting.promise]);
      waiting.reject(new Error('nobody asked'));
    });
  });

  it('infers the result types', () => {
    const found = (value: number) => async () => (value > 0 ? value : SKIP);
    expectTypeOf(asCompleted([async () => 1, Promise.resolve('a')])).toEqualTypeOf<
      AsCompletedIterator<number | string>
    >();
    expectTypeOf(asCompleted([found(1), found(2)])).toEqualTypeOf<AsCompletedIterator<number>>();
    expectTypeOf(asCompleted([async () => 1], { settle: true })).toEqualTypeOf<
      AsCompletedIterator<SettledResult<number>>
    >();
    expectTypeOf(asCompleted([async () => 1])).toExtend<AsyncIterableIterator<number>>();
  });
});
