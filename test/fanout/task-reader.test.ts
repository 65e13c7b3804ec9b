import { describe, expect, it } from 'vitest';
import { InvalidTaskError, InvalidTaskInputError } from '../../src/fanout/errors.js';
import { readTasks } from '../../src/fanout/task-reader.js';
import { expectNoUnhandledRejections } from './helpers.js';

expectNoUnhandledRejections();

const signal = new AbortController().signal;

function readSync<T>(input: Iterable<() => Promise<T>>) {
  const reader = readTasks(input);
  if (reader.isAsync) throw new Error('expected a sync reader');
  return reader;
}

describe('readTasks', () => {
  it('reads an array, knowing its total up front, and turns promises into functions', async () => {
    const task = async () => 1;
    const reader = readTasks([task, Promise.resolve(2)]);
    expect(reader.isAsync).toBe(false);
    expect(reader.total).toBe(2);
    const first = reader.next() as IteratorYieldResult<(signal: AbortSignal) => unknown>;
    const second = reader.next() as IteratorYieldResult<(signal: AbortSignal) => unknown>;
    expect(first.value).toBe(task);
    await expect(second.value(signal)).resolves.toBe(2);
    expect(reader.next()).toEqual({ done: true, value: undefined });
  });

  it('reads a generator lazily and learns its total when it runs out', () => {
    let created = 0;
    function* tasks() {
      for (let index = 0; index < 2; index++) {
        created++;
        yield async () => index;
      }
    }
    const reader = readSync(tasks());
    expect(created).toBe(0);
    reader.next();
    expect(created).toBe(1);
    expect(reader.total).toBeUndefined();
    reader.next();
    expect(reader.next().done).toBe(true);
    expect(reader.total).toBe(2);
  });

  it('reads an async iterable asynchronously', async () => {
    async function* tasks() {
      yield async () => 1;
    }
    const reader = readTasks(tasks());
    expect(reader.isAsync).toBe(true);
    await expect(reader.next()).resolves.toMatchObject({ done: false });
    await expect(reader.next()).resolves.toEqual({ done: true, value: undefined });
    expect(reader.total).toBe(1);
  });

  it('closes the source on return(), and reads nothing after', () => {
    let closed = false;
    function* tasks() {
      try {
        yield async () => 1;
        yield async () => 2;
      } finally {
        closed = true;
      }
    }
    const reader = readSync(tasks());
    reader.next();
    reader.return();
    expect(closed).toBe(true);
    expect(reader.next().done).toBe(true);
  });

  it('snapshots a Set, so its promises are observed before they are read', () => {
    const reader = readTasks(new Set([Promise.reject(new Error('observed at once'))]));
    expect(reader.total).toBe(1);
  });

  it('names the index of an element that is not a task', () => {
    function* tasks() {
      yield async () => 1;
      yield 'nope';
    }
    const reader = readSync(tasks() as Iterable<() => Promise<number>>);
    reader.next();
    expect(() => reader.next()).toThrow(new InvalidTaskError(1, 'nope'));
    expect(() => readTasks([undefined] as never)).toThrow(/index 0/);
  });

  it('refuses an input that is not iterable', () => {
    expect(() => readTasks({} as never)).toThrow(InvalidTaskInputError);
    expect(() => readTasks(null as never)).toThrow(InvalidTaskInputError);
  });
});
