// The command line: commander's program with its commands, and the translation of every way a run can end
// into an exit code (0 all ok, 1 some lookups failed, 2 usage error, 130 interrupted).
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_PYXIS_URL } from '../index.js';
import { UsageError } from './errors.js';
import { EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE } from './exit-codes.js';
import { FORMATS } from './formats.js';
import { handleInterrupts, type Interrupts } from './interrupt.js';
import type { CliIO } from './io.js';
import { type LookupCommandOptions, runLookupCommand } from './lookup-command.js';
import {
  parseConcurrency,
  parseDelay,
  parseDuration,
  parseFaults,
  parseJsonObject,
  parseNonNegativeInteger,
  parsePort,
  parsePositiveInteger,
  parseRate,
  parseSeed,
} from './parse.js';
import { DEFAULT_QUEUE } from './queue-options.js';
import { runServeCommand, type ServeCommandOptions } from './serve-command.js';
import { runWorkerCommand, type WorkerCommandOptions } from './worker-command.js';

/** Runs the command line `argv` (without node and the script) and resolves to the exit code. Never rejects. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const interrupts = handleInterrupts(io.process, io.stderr);
  let exitCode = EXIT_OK;
  const program = buildProgram(io, interrupts, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportFailure(error, io);
  } finally {
    interrupts.dispose();
  }
}

function reportFailure(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help) already.
    const shown = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
    return shown ? EXIT_OK : EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`error: ${error.message}\n`);
    return EXIT_USAGE;
  }
  // A bug of ours, or something no one foresaw: its message, and its stack only when asked for.
  const debug = Boolean(io.env.DEBUG);
  io.stderr.write(
    `${debug ? inspect(error, { depth: 6 }) : error instanceof Error ? `${error.name}: ${error.message}` : inspect(error)}\n`,
  );
  return EXIT_SOME_FAILED;
}

function buildProgram(io: CliIO, interrupts: Interrupts, setExitCode: (code: number) => void): Command {
  const program = new Command('pyxis-gql')
    .description("Fan out many lookups against Red Hat's Pyxis GraphQL API and stream the results.")
    .version(packageVersion(), '-V, --version')
    .showSuggestionAfterError()
    // Settings that the commands below inherit: errors are thrown to runCli rather than exiting, and every
    // message goes through io, so that the exit code is ours (2 for a usage error, where commander says 1).
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 every lookup succeeded, 1 some failed (not found counts as failed unless --skip-missing),
2 usage error, 130 interrupted (Ctrl-C).

Examples:
  pyxis-gql repo --demo
  pyxis-gql repo registry.access.redhat.com/ubi9/ubi-minimal
  pyxis-gql images --nvr ubi9-container-9.4-1123 --format table
  pyxis-gql repo --input repositories.txt > results.ndjson
  pyxis-gql query '{ get_ping }'
  pyxis-gql serve --port 8080 --latency 50ms
  pyxis-gql serve --latency 20ms --capacity 24
  pyxis-gql worker --redis redis://127.0.0.1:6379 --url http://127.0.0.1:8080/graphql`,
    );

  addLookupOptions(
    program
      .command('repo')
      .description('Look repositories up by registry path (getRepositoryByPath).')
      .argument('[paths...]', 'registry paths: <registry>/<repository>, split at the first "/"'),
    { inputHelp: 'a file of registry paths, one per line ("-" for stdin)', demoHelp: DEMO_LOOKUPS_HELP },
  ).action(async (paths: string[], _options: unknown, command: Command) => {
    setExitCode(await runLookupCommand('repo', paths, command.opts<LookupCommandOptions>(), io, interrupts));
  });

  addLookupOptions(
    program
      .command('images')
      .description(
        'Find the images of brew builds by NVR (findImagesByNvr). An NVR without images is not found.',
      )
      .argument('[nvrs...]', 'build NVRs (name-version-release)')
      .option('--nvr <nvr...>', 'build NVRs; the same as giving them as arguments (looked up first)')
      .option('--include-rpms', "include each image's rpm manifest (large)", false),
    { inputHelp: 'a file of build NVRs, one per line ("-" for stdin)', demoHelp: DEMO_LOOKUPS_HELP },
  ).action(async (nvrs: string[], _options: unknown, command: Command) => {
    const options = command.opts<LookupCommandOptions & { nvr?: string[] }>();
    const inputs = [...(options.nvr ?? []), ...nvrs];
    setExitCode(await runLookupCommand('images', inputs, options, io, interrupts));
  });

  addLookupOptions(
    program
      .command('query')
      .description(
        'Run a GraphQL query: once, or once per line of --input, each line a JSON object of variables laid over --variables.',
      )
      .argument('<graphql>', 'the query text, or @file to read it from a file')
      .addOption(new Option('--variables <json>', 'variables, as a JSON object').argParser(parseJsonObject)),
    {
      inputHelp: 'a file of JSON variable objects, one per line ("-" for stdin)',
      demoHelp:
        'start the embedded Pyxis in this process and run the query against its generated dataset: once, or once per --input line (no inputs are made up for a query)',
    },
  ).action(async (graphql: string, _options: unknown, command: Command) => {
    setExitCode(
      await runLookupCommand('query', [graphql], command.opts<LookupCommandOptions>(), io, interrupts),
    );
  });

  addServerOptions(
    program
      .command('serve')
      .description('Run the embedded Pyxis-compatible server until Ctrl-C; prints its GraphQL URL on stdout.')
      .addOption(
        new Option('--port <port>', 'port to listen on (0 picks a free one)').argParser(parsePort).default(0),
      )
      .option('--host <address>', 'address to listen on', '127.0.0.1')
      .addOption(
        new Option('--repositories <n>', 'repositories to generate').argParser(parseNonNegativeInteger),
      )
      .addOption(
        new Option('--images-per-repository <n>', 'images per repository').argParser(parseNonNegativeInteger),
      )
      .option(
        '--require-api-key <key>',
        'answer only requests that send this X-API-KEY (401 without a key, 403 with another, as Pyxis answers)',
      )
      .addOption(
        new Option(
          '--capacity <n>',
          'requests worked on at once; the ones beyond wait in line for a slot, so latency grows with the queue (default: no limit)',
        ).argParser(parsePositiveInteger),
      )
      .addOption(
        new Option(
          '--max-in-flight <n>',
          'requests in flight at most, running and queued; one more is answered 429 with Retry-After (default: 4 x --capacity)',
        ).argParser(parsePositiveInteger),
      )
      .addOption(
        new Option('--retry-after <seconds>', 'Retry-After of the 429s past --max-in-flight')
          .argParser(parseNonNegativeInteger)
          .default(1),
      )
      .option('--no-compression', 'never compress answers (default: br or gzip when Accept-Encoding asks)'),
  ).action(async (_options: unknown, command: Command) => {
    setExitCode(await runServeCommand(command.opts<ServeCommandOptions>(), io, interrupts));
  });

  addClientOptions(
    program
      .command('worker')
      .description(
        'Run lookups from a BullMQ queue on Redis until Ctrl-C (pyxis-gql/bullmq; needs the bullmq and ioredis packages).',
      )
      .requiredOption('--redis <url>', 'the Redis the queue lives in: redis://host:port (or rediss://)')
      .option('--queue <name>', 'the queue to take lookups from', DEFAULT_QUEUE)
      .addOption(redisTimeoutOption())
      .addOption(
        new Option('--jobs <n>', 'jobs (chunks of up to 50 lookups) held at once')
          .argParser(parsePositiveInteger)
          .default(8),
      ),
    new Option('--url <url>', 'the Pyxis GraphQL endpoint'),
  ).action(async (_options: unknown, command: Command) => {
    setExitCode(await runWorkerCommand(command.opts<WorkerCommandOptions>(), io, interrupts));
  });

  return program;
}

const DEMO_LOOKUPS_HELP =
  'start the embedded Pyxis in this process and look up against it; without inputs, look up a couple of thousand from its dataset (a few of them missing)';

function addLookupOptions(command: Command, texts: { inputHelp: string; demoHelp: string }): Command {
  command
    .option('-i, --input <file>', texts.inputHelp)
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('ndjson'))
    .option('--skip-missing', 'drop not-found results instead of reporting them as failures', false);
  addClientOptions(command, new Option('--url <url>', 'the Pyxis GraphQL endpoint').conflicts('demo'))
    .option(
      '--redis <url>',
      'spread the lookups over the pyxis-gql workers of a BullMQ queue on this Redis (they run them with their own client options)',
    )
    .option('--queue <name>', 'the queue of the workers (with --redis)', DEFAULT_QUEUE)
    .addOption(redisTimeoutOption())
    .option('--no-progress', 'no progress bar (it shows when stderr is a terminal and stdout is not)')
    .addOption(
      new Option('--stats <format>', 'the summary on stderr: text lines, or one JSON object for scripts')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option(
      '-v, --verbose',
      'one line per HTTP request on stderr (operation, status, duration, trace_id)',
      false,
    )
    .option('--demo', texts.demoHelp, false);
  return addServerOptions(command, ' (with --demo)');
}

/** The options of the client a command makes: endpoint, credentials, requests, batching, timeout, retries. */
function addClientOptions(command: Command, url: Option): Command {
  return command
    .addOption(url.default(DEFAULT_PYXIS_URL))
    .addOption(new Option('--api-key <key>', 'partner API key, sent as X-API-KEY (env: PYXIS_API_KEY)'))
    .option('--cert <file>', 'mTLS client certificate (PEM)')
    .option('--key <file>', 'mTLS private key (PEM)')
    .option('--ca <file>', 'certificate authorities to trust (PEM)')
    .addOption(
      // 8 requests of up to 50 lookups each keep 400 lookups in flight: polite to a shared service, and the
      // point past which a 100,000-input run gained no speed against the embedded server, only memory.
      new Option(
        '-c, --concurrency <n>',
        'HTTP requests in flight at most, or auto to follow the server (1 to 64, shrinking on 429, 503, timeouts and rising latency); each carries up to --batch-size lookups unless --no-batch',
      )
        .argParser(parseConcurrency)
        .default(8),
    )
    .addOption(
      new Option(
        '--rate <rate>',
        'HTTP requests per time at most, retries and pages included: 10/s, 600/min, 5/100ms',
      ).argParser(parseRate),
    )
    .option('--no-batch', 'send every lookup as its own request (default: lookups made together share one)')
    .addOption(
      new Option('--batch-size <n>', 'lookups one batched request carries at most')
        .argParser(parsePositiveInteger)
        .default(50),
    )
    .addOption(
      new Option(
        '--timeout <duration>',
        'time one HTTP request may take: 500ms, 30s, 2m (bare numbers are ms)',
      )
        .argParser((text) => parseDuration(text))
        .default(30_000, '30s'),
    )
    .addOption(
      new Option(
        '--retries <n>',
        'times a failed request is sent again (network errors, 5xx, 429)',
      ).argParser(parseNonNegativeInteger),
    );
}

function redisTimeoutOption(): Option {
  return new Option('--redis-timeout <duration>', 'time to wait for Redis to answer at the start: 500ms, 10s')
    .argParser((text) => parseDuration(text))
    .default(10_000, '10s');
}

function addServerOptions(command: Command, suffix = ''): Command {
  return command
    .addOption(new Option('--latency <duration>', `delay before each answer${suffix}`).argParser(parseDelay))
    .addOption(
      new Option('--jitter <duration>', `up to this much more delay, at random${suffix}`).argParser(
        parseDelay,
      ),
    )
    .addOption(new Option('--seed <n>', `dataset seed: same seed, same data${suffix}`).argParser(parseSeed))
    .addOption(
      new Option(
        '--faults <rates>',
        `injected fault rates, e.g. http500=0.01,http429=0.01,drop=0.001,stall=0${suffix}`,
      ).argParser(parseFaults),
    );
}

function packageVersion(): string {
  // Two levels up from both src/cli and dist/cli.
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
