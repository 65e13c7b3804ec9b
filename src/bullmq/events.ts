// A producer's one reader of the queue's event stream: how it learns that a job finished, for every job at once
// (BullMQ's `waitUntilFinished` per job adds listeners and costs about half a millisecond each).
import { QueueEvents } from 'bullmq';
import type { OpenedRedis } from './connection.js';

export interface QueueEventHandlers {
  completed?(jobId: string, returnvalue: unknown): void;
  failed?(jobId: string, failedReason: string): void;
  removed?(jobId: string): void;
}

/**
 * The queue's event stream, read from where it stands now (not from BullMQ's default "new events only", which
 * starts when the first read goes out): no event after this call is missed. Resolves once it reads.
 */
export async function listenToQueue(
  opened: OpenedRedis,
  prefix: string,
  queue: string,
  handlers: QueueEventHandlers,
): Promise<QueueEvents> {
  const stream = `${prefix}:${queue}:events`;
  const last = (await opened.redis.xrevrange(stream, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
  const events = new QueueEvents(queue, { connection: opened.redis, prefix, lastEventId: last });
  events.on('error', () => {});
  const { completed, failed, removed } = handlers;
  if (completed) {
    events.on('completed', ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) =>
      completed(jobId, returnvalue),
    );
  }
  if (failed) {
    events.on('failed', ({ jobId, failedReason }: { jobId: string; failedReason: string }) =>
      failed(jobId, failedReason),
    );
  }
  if (removed) events.on('removed', ({ jobId }: { jobId: string }) => removed(jobId));
  await events.waitUntilReady();
  return events;
}
