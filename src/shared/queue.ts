/** A place in a {@link LinkedQueue}, kept by whoever pushed the value so that it can leave the queue early. */
export interface QueueEntry<T> {
  readonly value: T;
  previous: QueueEntry<T> | undefined;
  next: QueueEntry<T> | undefined;
  queued: boolean;
}

/**
 * A FIFO queue with O(1) push, shift and removal from the middle. Closed pending jobs must leave the queue at once
 * (counting them as pending while they sit there is how aiojobs lets running jobs exceed the limit), and shifting a
 * large array is O(n).
 */
export class LinkedQueue<T> {
  #head: QueueEntry<T> | undefined;
  #tail: QueueEntry<T> | undefined;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(value: T): QueueEntry<T> {
    const entry: QueueEntry<T> = { value, previous: this.#tail, next: undefined, queued: true };
    if (this.#tail === undefined) this.#head = entry;
    else this.#tail.next = entry;
    this.#tail = entry;
    this.#size++;
    return entry;
  }

  shift(): T | undefined {
    const entry = this.#head;
    if (entry === undefined) return undefined;
    this.remove(entry);
    return entry.value;
  }

  /** Takes the entry out of the queue; does nothing if it already left. */
  remove(entry: QueueEntry<T>): void {
    if (!entry.queued) return;
    entry.queued = false;
    if (entry.previous === undefined) this.#head = entry.next;
    else entry.previous.next = entry.next;
    if (entry.next === undefined) this.#tail = entry.previous;
    else entry.next.previous = entry.previous;
    entry.previous = undefined;
    entry.next = undefined;
    this.#size--;
  }
}
