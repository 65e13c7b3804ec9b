// `pyxis-gql worker`: a pyxis-gql/bullmq worker until Ctrl-C, then it finishes the jobs it holds and exits 130.
import type { LookupWorker } from '../bullmq/index.js';
import { UsageError } from './errors.js';
import { EXIT_INTERRUPTED } from './exit-codes.js';
import type { Interrupts } from './interrupt.js';
import type { CliIO } from './io.js';
import { type ClientCommandOptions, clientOptionsOf } from './lookup-command.js';

/** The queue a worker and its producers use unless told otherwise. */
export const DEFAULT_QUEUE = 'pyxis';

export interface WorkerCommandOptions extends ClientCommandOptions {
  redis: string;
  queue: string;
  jobs: number;
}

/** Where the worker listens, without what a URL may hide (a password). */
function describeRedis(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'Redis';
  }
}

async function loadBullmq(): Promise<typeof import('../bullmq/index.js')> {
  try {
    // Loaded here: bullmq and ioredis are optional peers, and the other commands do without them.
    return await import('../bullmq/index.js');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new UsageError(
        'pyxis-gql worker needs the bullmq and ioredis packages: npm install bullmq ioredis',
      );
    }
    throw error;
  }
}

export async function runWorkerCommand(
  options: WorkerCommandOptions,
  io: CliIO,
  interrupts: Interrupts,
): Promise<number> {
  const { startLookupWorker } = await loadBullmq();
  let worker: LookupWorker;
  try {
    worker = startLookupWorker({
      connection: options.redis,
      queue: options.queue,
      concurrency: options.jobs,
      client: clientOptionsOf(options, options.url, io),
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
  await worker.worker.waitUntilReady();
  io.stderr.write(
    `pyxis-gql worker: taking lookups from queue ${options.queue} at ${describeRedis(options.redis)}, ${options.jobs} jobs at once; Ctrl-C to stop\n`,
  );
  await new Promise<void>((resolve) => {
    if (interrupts.signal.aborted) resolve();
    else interrupts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stderr.write('pyxis-gql worker: finishing the jobs held\n');
  await worker.close();
  io.stderr.write(`pyxis-gql worker: ${completed} jobs done, ${failed} failed\n`);
  return EXIT_INTERRUPTED;
}
