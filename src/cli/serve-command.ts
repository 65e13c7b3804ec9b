// `pyxis-gql serve`: the embedded Pyxis until Ctrl-C. Its URL is the only thing on stdout, so that a script can
// start it and read where it listens; everything else goes to stderr.
import type { FaultOptions, PyxisServer } from '../server/index.js';
import { UsageError } from './errors.js';
import { EXIT_OK } from './exit-codes.js';
import type { Interrupts } from './interrupt.js';
import type { CliIO } from './io.js';

export interface ServeCommandOptions {
  port: number;
  host: string;
  latency?: number;
  jitter?: number;
  seed?: number;
  faults?: FaultOptions;
  repositories?: number;
  imagesPerRepository?: number;
  requireApiKey?: string;
  capacity?: number;
  maxInFlight?: number;
  retryAfter: number;
  compression: boolean;
}

export async function runServeCommand(
  options: ServeCommandOptions,
  io: CliIO,
  interrupts: Interrupts,
): Promise<number> {
  // Loaded here rather than at startup, so that the lookup commands do not pay for the server's modules.
  const { startPyxisServer } = await import('../server/index.js');
  let server: PyxisServer;
  try {
    server = await startPyxisServer({
      port: options.port,
      host: options.host,
      dataset: {
        seed: options.seed,
        repositories: options.repositories,
        imagesPerRepository: options.imagesPerRepository,
      },
      latency: { ms: options.latency ?? 0, jitterMs: options.jitter ?? 0 },
      faults: options.faults,
      capacity: options.capacity,
      maxInFlight: options.maxInFlight,
      overloadRetryAfterSeconds: options.retryAfter,
      compression: options.compression,
      ...(options.requireApiKey === undefined ? {} : { requireApiKey: options.requireApiKey }),
    });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'EADDRINUSE') throw new UsageError(`${options.host}:${options.port} is already in use`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new UsageError(`cannot listen on ${options.host}`);
    if (error instanceof TypeError || error instanceof RangeError) throw new UsageError(message);
    throw error;
  }
  io.stdout.write(`${server.url}\n`);
  const limits = capacityNote(server, options.retryAfter);
  io.stderr.write(
    `Embedded Pyxis serving ${server.dataset.repositories.length} repositories and ${server.dataset.images.length} images${options.requireApiKey === undefined ? '' : ' to requests with the required X-API-KEY'}${limits}; Ctrl-C to stop\n`,
  );
  await new Promise<void>((resolve) => {
    if (interrupts.signal.aborted) resolve();
    else interrupts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const stats = server.stats();
  await server.close();
  const capacity =
    options.capacity === undefined && options.maxInFlight === undefined
      ? ''
      : `; at most ${stats.peakInFlight} in flight, ${stats.peakQueued} queued; ${stats.overloaded} answered 429 for overload`;
  io.stderr.write(`served ${stats.httpRequests} HTTP requests, ${stats.rootFields} root fields${capacity}\n`);
  return EXIT_OK;
}

/** What the capacity options set, for the startup line: empty without them. */
function capacityNote(server: PyxisServer, retryAfter: number): string {
  if (server.maxInFlight === Number.POSITIVE_INFINITY) return '';
  const capacity = server.capacity === Number.POSITIVE_INFINITY ? '' : `, capacity ${server.capacity}`;
  return `${capacity}, 429 (Retry-After: ${retryAfter}) past ${server.maxInFlight} in flight`;
}
