// `pyxis-gql worker`: a pyxis-gql/bullmq worker until Ctrl-C, then it finishes the jobs it holds and exits 130.
import type { LookupWorker } from '../bullmq/index.js';
import { UsageError } from './errors.js';
import { EXIT_INTERRUPTED } from './exit-codes.js';
import type { Interrupts } from './interrupt.js';
import type { CliIO } from './io.js';
import { type ClientCommandOptions, clientOptionsOf } from './lookup-command.js';
import { describeRedis, loadBullmq, type QueueCommandOptions } from './queue-options.js';

export interface WorkerCommandOptions extends ClientCommandOptions, QueueCommandOptions {
  redis: string;
  jobs: number;
}

export async function runWorkerCommand(
  options: WorkerCommandOptions,
  io: CliIO,
  interrupts: Interrupts,
): Promise<number> {
  const { startLookupWorker, RedisConnectError } = await loadBullmq();
  let worker: LookupWorker;
  try {
    worker = startLookupWorker({
      connection: options.redis,
      queue: options.queue,
      concurrency: options.jobs,
      connectTimeout: options.redisTimeout,
      // --rate is the fleet's: every worker of the queue started with it shares one budget of HTTP attempts
      // (batches, pages and retries alike) in any window, kept in Redis. The client's own rate limit would only
      // repeat it for this worker alone.
      rateLimit: options.rate,
      client: { ...clientOptionsOf(options, options.url, io), rateLimit: undefined },
    });
  } catch (error) {
    // Bad options (a malformed Redis URL, a queue name with bad characters, a client option): a usage error.
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
  let completed = 0;
  let failed = 0;
  worker.worker.on('completed', () => {
    completed += 1;
  });
  worker.worker.on('failed', () => {
    failed += 1;
  });
  try {
    await worker.ready();
  } catch (error) {
    await worker.close();
    // One line, exit 2: the message names host and port, never the URL's password.
    if (error instanceof RedisConnectError) throw new UsageError(error.message);
    throw error;
  }
  const rate = options.rate
    ? `, at most ${options.rate.requests} requests per ${options.rate.perMs} ms for the fleet`
    : '';
  io.stderr.write(
    `pyxis-gql worker: taking lookups from queue ${options.queue} at ${describeRedis(options.redis)}, ${options.jobs} jobs at once${rate}; Ctrl-C to stop\n`,
  );
  await new Promise<void>((resolve) => {
    if (interrupts.signal.aborted) resolve();
    else interrupts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stderr.write('pyxis-gql worker: finishing the jobs held\n');
  await worker.close();
  const pauses = worker.queuePauses > 0 ? `; paused the queue ${worker.queuePauses} times after 429` : '';
  io.stderr.write(`pyxis-gql worker: ${completed} jobs done, ${failed} failed${pauses}\n`);
  return EXIT_INTERRUPTED;
}
