// One lookup command from options to exit code: check the options, find the inputs, start the demo server if
// asked, make the client, run the fan-out, print the summary.
import { readFile } from 'node:fs/promises';
import { PyxisClient, type PyxisClientOptions, type PyxisEvent, type Traffic } from '../index.js';
import type { FaultOptions, PyxisServer } from '../server/index.js';
import { UsageError } from './errors.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_SOME_FAILED } from './exit-codes.js';
import { createFormatter, type Format } from './formats.js';
import { countInputLines, describeFsError, type InputFile, openInputFile, readInputs } from './input.js';
import type { Interrupts } from './interrupt.js';
import type { CliIO } from './io.js';
import {
  imagesLookup,
  type LookupClient,
  type LookupKind,
  queryLookup,
  repositoryLookup,
} from './lookups.js';
import { OutputStream } from './output.js';
import { createProgress } from './progress.js';
import { loadBullmq, type QueueCommandOptions } from './queue-options.js';
import { formatPauseLine, formatRequestLine, RequestStats } from './request-stats.js';
import { type LookupRunOutcome, runLookups } from './run-lookups.js';
import {
  formatRequestSummary,
  formatSummary,
  formatTraffic,
  type StopReason,
  summaryJson,
  Tally,
  type TallySnapshot,
} from './summary.js';

export type LookupCommandName = 'repo' | 'images' | 'query';

/** The options of `repo`, `images` and `query`, as commander parses them. */
export interface LookupCommandOptions extends QueueCommandOptions {
  input?: string;
  format: Format;
  skipMissing: boolean;
  url: string;
  apiKey?: string;
  cert?: string;
  key?: string;
  ca?: string;
  concurrency: number | 'auto';
  rate?: { requests: number; perMs: number };
  batch: boolean;
  batchSize: number;
  timeout: number;
  retries?: number;
  progress: boolean;
  stats: 'text' | 'json';
  verbose: boolean;
  demo: boolean;
  latency?: number;
  jitter?: number;
  seed?: number;
  faults?: FaultOptions;
  /** images only. */
  includeRpms?: boolean;
  /** query only. */
  variables?: Record<string, unknown>;
}

/**
 * Runs `repo`, `images` or `query`. `args` are the command's arguments: the inputs, or for `query` the query
 * text. Resolves to the exit code; throws UsageError for a usage error.
 */
export async function runLookupCommand(
  command: LookupCommandName,
  args: readonly string[],
  options: LookupCommandOptions,
  io: CliIO,
  interrupts: Interrupts,
): Promise<number> {
  checkDemoOptions(options);
  if (options.redis !== undefined && options.demo) {
    throw new UsageError('--redis spreads the lookups over running workers: it does not go with --demo');
  }
  const query = command === 'query' ? await readQuery(args[0] ?? '') : undefined;
  const argInputs = command === 'query' ? [] : args;
  const file = options.input === undefined ? undefined : await openInputFile(options.input, io.stdin);
  let server: PyxisServer | undefined;
  let closeLookups: () => Promise<void> = async () => {};
  try {
    // Loaded only for --demo: the server and its dataset generator are of no use against a real endpoint.
    const demo = options.demo ? await import('./demo.js') : undefined;
    if (demo) server = await demo.startDemoServer(demoServerOptions(options));
    const stats = new RequestStats();
    // Set once the progress display exists: --verbose lines go above the bar.
    let verbose: ((line: string) => void) | undefined;
    const lookups = await lookupClientFor(options, server?.url ?? options.url, io, (event) => {
      stats.onEvent(event);
      if (event.type === 'request-end') verbose?.(formatRequestLine(event));
      else if (event.type === 'pause') verbose?.(formatPauseLine(event));
    });
    const { client } = lookups;
    closeLookups = () => lookups.close();

    let inputs: readonly string[] = argInputs;
    let demoNote = server === undefined ? undefined : `demo: embedded Pyxis at ${server.url}`;
    if (command === 'query' && file === undefined) {
      // A query given no input file runs once, with --variables alone.
      inputs = [JSON.stringify(options.variables ?? {})];
    } else if (argInputs.length === 0 && file === undefined) {
      if (server === undefined || demo === undefined) {
        throw new UsageError(
          `no inputs: give them as arguments, or with --input <file> ("-" for stdin), or try --demo`,
        );
      }
      inputs = demo.demoInputs(command, server.dataset);
      demoNote += `; looking up ${inputs.length} inputs from its dataset, a few of them missing on purpose`;
    }
    if (demoNote !== undefined) io.stderr.write(`${demoNote}\n`);

    const showProgress = options.progress && io.stderr.isTTY === true && io.stdout.isTTY !== true;
    const tally = new Tally(await knownTotal(inputs, file, showProgress));
    const progress = createProgress(command, io.stderr, showProgress, tally.snapshot());
    interrupts.restoreTerminal = () => progress.stop();
    if (options.verbose) verbose = (line) => progress.notice(line);
    const summarize = (final: TallySnapshot, stopped?: StopReason) => {
      const traffic = lookups.traffic?.();
      const text =
        options.stats === 'json'
          ? [summaryJson(command, final, stats.snapshot(), stopped, traffic)]
          : [
              formatSummary(command, final, stopped),
              ...formatRequestSummary(command, stats.snapshot(), final.elapsedMs),
              ...(traffic ? formatTraffic(traffic, options.concurrency === 'auto') : []),
            ];
      io.stderr.write(`${text.join('\n')}\n`);
    };
    const lookup = lookupFor(command, client, query ?? '', options, (text) => progress.notice(text));

    let outcome: LookupRunOutcome;
    try {
      outcome = await runLookups({
        lookup,
        inputs: readInputs(inputs, file),
        concurrency: lookups.concurrency,
        skipMissing: options.skipMissing,
        formatter: createFormatter(options.format, lookup.summarize),
        output: new OutputStream(io.stdout),
        tally,
        progress,
        signal: interrupts.signal,
      });
    } catch (error) {
      // The input file failed mid-way, or a bug of ours: what was done is still summed up before the error.
      summarize(tally.snapshot(), 'stopped by an error');
      throw error;
    }
    const { tally: final, stopped } = outcome;
    summarize(final, stopped);
    if (stopped === 'interrupted') return EXIT_INTERRUPTED;
    return final.failed > 0 || stopped !== undefined ? EXIT_SOME_FAILED : EXIT_OK;
  } finally {
    file?.close();
    await closeLookups();
    await server?.close();
  }
}

interface LookupSide {
  client: LookupClient;
  /** Lookups in flight at once. */
  concurrency: number;
  /** The client's traffic, for the line after the summary (this process's client only). */
  traffic?: () => Traffic;
  close(): Promise<void>;
}

async function lookupClientFor(
  options: LookupCommandOptions,
  url: string,
  io: CliIO,
  onEvent: (event: PyxisEvent) => void,
): Promise<LookupSide> {
  if (options.redis === undefined) {
    const client = makeClient(options, url, io, onEvent);
    return {
      client,
      // With batching, each request carries up to batchSize lookups: enough lookups in flight to fill them.
      concurrency: requestsInFlight(options) * (options.batch ? options.batchSize : 1),
      traffic: () => client.traffic(),
      // The client is not closed: its keep-alive sockets go with the process (see main.ts), as before.
      close: async () => {},
    };
  }
  // The workers run the lookups with their own client options; this process only puts chunks on the queue.
  const { createDistributedFanout, DISTRIBUTED_CONCURRENCY, RedisConnectError } = await loadBullmq();
  let fleet: ReturnType<typeof createDistributedFanout>;
  try {
    fleet = createDistributedFanout({
      connection: options.redis,
      queue: options.queue,
      connectTimeout: options.redisTimeout,
    });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
  try {
    await fleet.ready();
  } catch (error) {
    void fleet.close().catch(() => {});
    // One line, exit 2, before any input is read: the message names host and port, never the password.
    if (error instanceof RedisConnectError) throw new UsageError(error.message);
    throw error;
  }
  return { client: fleet.pyxis, concurrency: DISTRIBUTED_CONCURRENCY, close: () => fleet.close() };
}

/** `--concurrency auto` starts where the fixed default does, and grows no further than this. */
const DEFAULT_CONCURRENCY = 8;
const MAX_AUTO_CONCURRENCY = 64;

/** The most requests in flight the options allow: what the fan-out must keep busy. */
function requestsInFlight(options: LookupCommandOptions): number {
  return options.concurrency === 'auto' ? MAX_AUTO_CONCURRENCY : options.concurrency;
}

/** The demo server's knobs mean nothing against a real endpoint: refuse them there rather than ignore them. */
function checkDemoOptions(options: LookupCommandOptions): void {
  if (options.demo) return;
  for (const [flag, value] of [
    ['--latency', options.latency],
    ['--jitter', options.jitter],
    ['--seed', options.seed],
    ['--faults', options.faults],
  ] as const) {
    if (value !== undefined)
      throw new UsageError(`${flag} is a knob of the embedded server: use it with --demo`);
  }
}

function demoServerOptions(options: LookupCommandOptions) {
  return { latencyMs: options.latency, jitterMs: options.jitter, seed: options.seed, faults: options.faults };
}

function makeClient(
  options: LookupCommandOptions,
  url: string,
  io: CliIO,
  onEvent: (event: PyxisEvent) => void,
): PyxisClient {
  try {
    return new PyxisClient({ ...clientOptionsOf(options, url, io), onEvent });
  } catch (error) {
    // The client checks its options when it is made (a URL that is not one, a certificate file that is missing, an
    // API key that could not be sent): a usage error, whose message never holds a secret (InvalidOptionError).
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
}

/** The client options the commands share (see `addClientOptions`), as the client takes them. */
export type ClientCommandOptions = Pick<
  LookupCommandOptions,
  | 'url'
  | 'apiKey'
  | 'cert'
  | 'key'
  | 'ca'
  | 'concurrency'
  | 'rate'
  | 'batch'
  | 'batchSize'
  | 'timeout'
  | 'retries'
>;

export function clientOptionsOf(options: ClientCommandOptions, url: string, io: CliIO): PyxisClientOptions {
  return {
    url,
    apiKey: options.apiKey ?? nonEmpty(io.env.PYXIS_API_KEY),
    cert: options.cert,
    key: options.key,
    ca: options.ca,
    timeout: options.timeout,
    retries: options.retries,
    maxConcurrency:
      options.concurrency === 'auto'
        ? { adaptive: true, initial: DEFAULT_CONCURRENCY, max: MAX_AUTO_CONCURRENCY }
        : options.concurrency,
    rateLimit: options.rate,
    batch: options.batch ? { maxSize: options.batchSize } : false,
  };
}

function lookupFor(
  command: LookupCommandName,
  client: LookupClient,
  query: string,
  options: LookupCommandOptions,
  notice: (text: string) => void,
): LookupKind {
  switch (command) {
    case 'repo':
      return repositoryLookup(client, { notice });
    case 'images':
      return imagesLookup(client, { includeRpms: options.includeRpms ?? false });
    case 'query':
      return queryLookup(client, query, options.variables ?? {});
  }
}

/** `query`'s argument: the query itself, or `@path` to read it from a file (no GraphQL document starts with @). */
async function readQuery(argument: string): Promise<string> {
  const text = argument.startsWith('@')
    ? await readFile(argument.slice(1), 'utf8').catch((error: unknown) => {
        throw new UsageError(`cannot read query file ${argument.slice(1)}: ${describeFsError(error)}`);
      })
    : argument;
  if (text.trim() === '') throw new UsageError('the query is empty');
  return text;
}

/**
 * How many lookups there will be, when that is cheap to know: arguments are counted, a regular input file is
 * counted by streaming through it once (only when the progress bar will show it); stdin is known only at its end.
 */
async function knownTotal(
  args: readonly string[],
  file: InputFile | undefined,
  showProgress: boolean,
): Promise<number | undefined> {
  if (file === undefined) return args.length;
  if (!showProgress || file.countablePath === undefined) return undefined;
  const lines = await countInputLines(file.countablePath);
  return lines === undefined ? undefined : args.length + lines;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
