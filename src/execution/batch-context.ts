import { randomUUID } from 'node:crypto';
import type { RequestOptions, Transport } from '../transport/index.js';
import { applyDeadline } from './deadline.js';
import { BatchJobResultError, BatchStateError } from './job-errors.js';
import type { CallOptions, Executor, Lookup } from './lookup.js';
import { DocumentMerger } from './merge.js';
import { sendMerged } from './send-merged.js';

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A lookup queued in a batch: `pending` until the batch is committed, then `done` with a value or an error. */
export class BatchJob<T> {
  /** A 32-hex-digit id, as python-arango's batch jobs have. */
  readonly id = randomUUID().replaceAll('-', '');
  #outcome: Settled<T> | undefined;

  private constructor() {}

  /** @internal Jobs come from batch-context calls. */
  static create<T>(): BatchJob<T> {
    return new BatchJob<T>();
  }

  async status(): Promise<'pending' | 'done'> {
    return this.#outcome ? 'done' : 'pending';
  }

  /** The value, or the lookup's own error; may be called again. Before the commit: `BatchJobResultError`. */
  async result(): Promise<T> {
    const outcome = this.#outcome;
    if (!outcome) throw new BatchJobResultError('result not available yet');
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  }

  /** @internal */
  settle(outcome: Settled<T>): void {
    this.#outcome = outcome;
  }
}

/** Queues lookups; `commit()` sends them as one GraphQL request and gives each job its part of the answer. */
export class BatchContextExecutor implements Executor {
  readonly #transport: Transport;
  readonly #returnResult: boolean;
  readonly #deadline: number | undefined;
  readonly #merger = new DocumentMerger();
  readonly #queue: Array<{ lookup: Lookup<unknown>; job: BatchJob<unknown> }> = [];
  #committed = false;

  /** `deadline`: the client's default for the whole commit (the commit's `deadline` option overrides it). */
  constructor(transport: Transport, returnResult: boolean, deadline?: number) {
    this.#transport = transport;
    this.#returnResult = returnResult;
    this.#deadline = deadline;
  }

  execute<T>(lookup: Lookup<T>): BatchJob<T> | undefined {
    this.#assertOpen();
    const job = BatchJob.create<T>();
    this.#queue.push({ lookup, job: job as BatchJob<unknown> });
    return this.#returnResult ? job : undefined;
  }

  /** Bad arguments are thrown at call time, as python-arango raises them. */
  refuse(error: unknown): never {
    throw error;
  }

  queuedJobs(): BatchJob<unknown>[] | undefined {
    return this.#returnResult ? this.#queue.map((entry) => entry.job) : undefined;
  }

  /** Never rejects because lookups failed: each failed job's `result()` throws its own error. */
  async commit(commitOptions: CallOptions = {}): Promise<BatchJob<unknown>[] | undefined> {
    this.#assertOpen();
    const call = applyDeadline(commitOptions, this.#deadline);
    this.#committed = true;
    try {
      await this.#send(call.options);
    } finally {
      call.release();
    }
    return this.queuedJobs();
  }

  async #send(options: RequestOptions): Promise<void> {
    const queue = this.#queue;
    const sent =
      queue.length > 0
        ? await sendMerged(
            this.#transport,
            this.#merger,
            queue.map((entry) => entry.lookup),
            options,
          )
        : [];
    const send = (document: Lookup<unknown>['document'], variables: Lookup<unknown>['variables']) =>
      this.#transport.send(document, variables, options);
    await Promise.all(
      queue.map(async ({ lookup, job }, index) => {
        const first = sent[index];
        if (!first?.ok) {
          job.settle({ ok: false, error: first?.error });
          return;
        }
        try {
          job.settle({ ok: true, value: await lookup.complete(first.response, send) });
        } catch (error) {
          job.settle({ ok: false, error });
        }
      }),
    );
  }

  #assertOpen(): void {
    if (this.#committed) throw new BatchStateError('batch already committed');
  }
}
