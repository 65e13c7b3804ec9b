import { afterEach, beforeEach, expect } from 'vitest';
import { type Deferred, deferred } from '../helpers/async.js';

/** Lets every pending promise callback and timer of zero delay run. */
export async function settleDown(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A pool of controllable tasks: each one counts itself as running until the test resolves or rejects it, and
 * records the signal it was given.
 */
export class TaskPool<T = number> {
  readonly started: number[] = [];
  readonly signals: AbortSignal[] = [];
  readonly deferreds = new Map<number, Deferred<T>>();
  running = 0;
  maxRunning = 0;

  task(index: number): (signal: AbortSignal) => Promise<T> {
    return (signal) => {
      this.started.push(index);
      this.signals[index] = signal;
      this.running++;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      const control = deferred<T>();
      this.deferreds.set(index, control);
      return control.promise.finally(() => {
        this.running--;
      });
    };
  }

  tasks(count: number): Array<(signal: AbortSignal) => Promise<T>> {
    return Array.from({ length: count }, (_, index) => this.task(index));
  }

  resolve(index: number, value: T): void {
    this.control(index).resolve(value);
  }

  reject(index: number, reason: unknown): void {
    this.control(index).reject(reason);
  }

  private control(index: number): Deferred<T> {
    const control = this.deferreds.get(index);
    if (control === undefined) throw new Error(`task ${index} has not started`);
    return control;
  }
}

/**
 * Fails the current test if any promise rejection goes unhandled while it runs (checked after the test has let
 * pending callbacks run).
 */
export function expectNoUnhandledRejections(): void {
  const unhandled: unknown[] = [];
  const listener = (reason: unknown) => {
    unhandled.push(reason);
  };
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', listener);
  });
  afterEach(async () => {
    await settleDown();
    process.off('unhandledRejection', listener);
    expect(unhandled).toEqual([]);
  });
}

/** An async iterable over `count` tasks that counts how many the consumer has pulled. */
export function countingSource<T>(count: number, makeTask: (index: number) => T) {
  const source = {
    pulled: 0,
    closed: false,
    async *[Symbol.asyncIterator]() {
      try {
        for (let index = 0; index < count; index++) {
          source.pulled++;
          yield makeTask(index);
        }
      } finally {
        source.closed = true;
      }
    },
  };
  return source;
}
