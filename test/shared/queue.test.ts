import { describe, expect, it } from 'vitest';
import { LinkedQueue } from '../../src/shared/queue.js';

function drain<T>(queue: LinkedQueue<T>): T[] {
  const values: T[] = [];
  for (let value = queue.shift(); value !== undefined; value = queue.shift()) values.push(value);
  return values;
}

describe('LinkedQueue', () => {
  it('gives values back first in, first out', () => {
    const queue = new LinkedQueue<number>();
    for (const value of [1, 2, 3]) queue.push(value);
    expect(queue.size).toBe(3);
    expect(drain(queue)).toEqual([1, 2, 3]);
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });

  it.each([
    ['head', 0, ['b', 'c', 'd']],
    ['middle', 2, ['a', 'b', 'd']],
    ['tail', 3, ['a', 'b', 'c']],
  ])('removes an entry at the %s', (_, index, rest) => {
    const queue = new LinkedQueue<string>();
    const entries = ['a', 'b', 'c', 'd'].map((value) => queue.push(value));
    const entry = entries[index];
    if (entry === undefined) throw new Error('no such entry');
    queue.remove(entry);
    expect(queue.size).toBe(3);
    queue.push('e');
    expect(drain(queue)).toEqual([...rest, 'e']);
  });

  it('ignores an entry that already left', () => {
    const queue = new LinkedQueue<string>();
    const first = queue.push('a');
    queue.push('b');
    expect(queue.shift()).toBe('a');
    queue.remove(first);
    queue.remove(first);
    expect(queue.size).toBe(1);
    expect(drain(queue)).toEqual(['b']);
  });

  it('can be emptied by removal and used again', () => {
    const queue = new LinkedQueue<number>();
    const only = queue.push(1);
    queue.remove(only);
    expect(queue.size).toBe(0);
    queue.push(2);
    expect(drain(queue)).toEqual([2]);
  });
});
