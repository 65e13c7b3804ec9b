import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import { allowManyListeners, onAbort } from '../../src/shared/signals.js';
import { leakWarningsFor } from '../helpers/async.js';

describe('onAbort', () => {
  test('puts one listener on the signal, however many follow it, and calls each follower once', () => {
    const controller = new AbortController();
    const calls: number[] = [];
    for (const n of [1, 2, 3]) onAbort(controller.signal, () => calls.push(n));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    controller.abort();
    expect(calls).toEqual([1, 2, 3]);
  });

  test("takes its listener off the signal when the last follower leaves (Node keeps AbortSignal.any()'s result alive while it has one)", () => {
    const signal = AbortSignal.any([new AbortController().signal]);
    const first = onAbort(signal, () => {});
    const second = onAbort(signal, () => {});
    first();
    expect(getEventListeners(signal, 'abort')).toHaveLength(1);
    second();
    second();
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  test('follows the signal again after every follower left, and a follower that left is not called', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    onAbort(controller.signal, () => calls.push('gone'))();
    onAbort(controller.signal, () => calls.push('kept'));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(calls).toEqual(['kept']);
  });

  test('leaving after the abort, or from inside a follower, is harmless', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    let leaveSecond = () => {};
    onAbort(controller.signal, () => {
      calls.push('first');
      leaveSecond();
    });
    leaveSecond = onAbort(controller.signal, () => calls.push('second'));
    const leaveThird = onAbort(controller.signal, () => calls.push('third'));
    controller.abort();
    leaveThird();
    expect(calls).toEqual(['first', 'third']);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('allowManyListeners', () => {
  test("lifts Node's limit of 10 listeners on the signal, for code that adds its own", () => {
    const { signal } = new AbortController();
    expect(leakWarningsFor(signal)).toBe(1); // what the test would see without the helper
    const many = new AbortController().signal;
    allowManyListeners(many);
    expect(leakWarningsFor(many)).toBe(0);
  });
});
