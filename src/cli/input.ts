// Where lookups come from: the command's arguments, then the `--input` file (or stdin), read line by line as the
// fan-out asks for more, so that memory does not grow with the size of the input.
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { InputReadError, UsageError } from './errors.js';

/** The value of an input line, or undefined for a line to ignore: blank, or a comment starting with `#`. */
export function parseInputLine(line: string): string | undefined {
  const value = line.trim();
  if (value === '' || value.startsWith('#')) return undefined;
  return value;
}

/** An `--input` that has been opened: stdin (`-`) or a file, ready to be read once. */
export interface InputFile {
  /** How to name it in messages. */
  readonly name: string;
  /** The stream of its bytes; read it once. */
  readonly stream: Readable;
  /** The file's path, when it is a regular file that can be read a second time (to count its lines). */
  readonly countablePath: string | undefined;
  /** Releases the file when it is not read to the end. */
  close(): void;
}

/**
 * Opens `--input` up front, so that a missing or unreadable file, or a directory, is a usage error before any
 * lookup starts rather than a failure half-way.
 */
export async function openInputFile(path: string, stdin: Readable): Promise<InputFile> {
  if (path === '-') return { name: 'stdin', stream: stdin, countablePath: undefined, close: () => undefined };
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new UsageError(`cannot read input file ${path}: ${describeFsError(error)}`);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new UsageError(`cannot read input file ${path}: it is a directory`);
    const stream = handle.createReadStream({ encoding: 'utf8' });
    return {
      name: path,
      stream,
      countablePath: stats.isFile() ? path : undefined,
      close: () => stream.destroy(),
    };
  } catch (error) {
    await handle.close();
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read input file ${path}: ${describeFsError(error)}`);
  }
}

/**
 * The inputs of a run: the arguments as they are (each one a lookup, even an empty one, which then fails), then
 * the lines of the input file that are not blank or comments. Closing the iteration early closes the file.
 */
export async function* readInputs(
  args: readonly string[],
  file: InputFile | undefined,
): AsyncGenerator<string> {
  yield* args;
  if (file === undefined) return;
  yield* readLines(file);
}

async function* readLines(file: InputFile): AsyncGenerator<string> {
  const lines = createInterface({ input: file.stream, crlfDelay: Number.POSITIVE_INFINITY });
  // Whether readline passes a stream error on to its iterator depends on the Node version, so the error is caught
  // here too, and ends the lines. (Not by racing each read against a promise of the error: every race would leave
  // a reaction on that promise, a leak of one per line.)
  let streamError: unknown;
  const onError = (error: unknown) => {
    streamError ??= error;
    lines.close();
  };
  file.stream.once('error', onError);
  try {
    for await (const line of lines) {
      const value = parseInputLine(line);
      if (value !== undefined) yield value;
    }
  } catch (error) {
    streamError ??= error;
  } finally {
    file.stream.off('error', onError);
    lines.close();
    file.close();
  }
  if (streamError !== undefined) {
    throw new InputReadError(`cannot read input file ${file.name}: ${describeFsError(streamError)}`, {
      cause: streamError,
    });
  }
}

/** How many inputs a file holds, read as a stream (never whole): for the progress bar's total and ETA. */
export async function countInputLines(path: string): Promise<number | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    let count = 0;
    for await (const line of handle.readLines({ encoding: 'utf8' })) {
      if (parseInputLine(line) !== undefined) count++;
    }
    return count;
  } catch {
    // Only the progress bar's ETA depends on it; reading the inputs proper reports any error.
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** A file system error as the CLI words it: `no such file`, `permission denied`, `it is a directory`, else its code. */
export function describeFsError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return code ?? message;
  }
}
