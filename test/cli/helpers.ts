// Runs the CLI as users do, in a child process from its TypeScript source (no build needed), or in this process
// with fake stdio for the cases that need no real process.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = 'src/cli/main.ts';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  readonly child: ReturnType<typeof spawn>;
  /** Resolves with everything written to stdout so far, once it holds `text`. */
  waitForStdout(text: string): Promise<string>;
  /** Resolves once stderr holds `text`. */
  waitForStderr(text: string): Promise<void>;
  readonly exited: Promise<CliRun>;
}

/** Starts `pyxis-gql <args>`; `stdin` is written and closed when given. */
export function startCli(
  args: readonly string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, PYXIS_API_KEY: '', DEBUG: '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: Array<{ stream: 'stdout' | 'stderr'; text: string; resolve: () => void }> = [];
  const notify = () => {
    for (const watcher of [...watchers]) {
      if ((watcher.stream === 'stdout' ? stdout : stderr).includes(watcher.text)) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  };
  const waitFor = (stream: 'stdout' | 'stderr', text: string) =>
    new Promise<void>((resolve) => {
      watchers.push({ stream, text, resolve });
      notify();
    });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    notify();
  });
  if (options.stdin !== undefined) child.stdin.end(options.stdin);
  else child.stdin.end();
  const exited = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    exited,
    waitForStdout: async (text) => {
      await waitFor('stdout', text);
      return stdout;
    },
    waitForStderr: (text) => waitFor('stderr', text),
  };
}

/** Runs `pyxis-gql <args>` to its end. */
export function runCli(
  args: readonly string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return startCli(args, options).exited;
}

/** The ndjson lines of an output, parsed. */
export function parseLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A stream that records what is written to it; `isTTY` and `columns` as a terminal would have them, if asked. */
export class RecordingStream extends Writable {
  text = '';
  isTTY: boolean | undefined;
  columns: number | undefined;

  constructor(options: { isTTY?: boolean; columns?: number } = {}) {
    super({ decodeStrings: false });
    this.isTTY = options.isTTY;
    this.columns = options.columns;
  }

  override _write(
    chunk: string | Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    this.text += String(chunk);
    done();
  }
}

/** A stand-in for `process`: signals are emitted by the test, exits recorded. */
export class FakeProcess extends EventEmitter {
  readonly exits: number[] = [];

  exit(code: number): void {
    this.exits.push(code);
  }
}

/** Everything runCli touches, faked: stdin from `stdin`, stdout and stderr recorded. */
export function fakeIO(
  options: { stdin?: string; stderrIsTTY?: boolean; env?: Record<string, string> } = {},
) {
  return {
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    stdout: new RecordingStream(),
    stderr: new RecordingStream({
      isTTY: options.stderrIsTTY,
      columns: options.stderrIsTTY ? 160 : undefined,
    }),
    env: options.env ?? {},
    process: new FakeProcess(),
  };
}
