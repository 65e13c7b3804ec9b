/**
 * The command line was wrong: an unknown flag, a bad value, an input file that cannot be read. Reported as one
 * line on stderr, without a stack, and the process exits with code 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A lookup found nothing: no repository at that path, no image of that build. It is a failed lookup (`ok: false`)
 * unless `--skip-missing` drops it.
 */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  /** Pyxis' own status for a missing object, so that every not-found result reads alike. */
  readonly status = 404;
  /** For `query`: the root field whose Pyxis `error` said 404, and the detail Pyxis gave. */
  readonly field: string | undefined;
  readonly detail: string | undefined;

  constructor(message: string, pyxis: { field?: string; detail?: string | undefined } = {}) {
    super(message);
    this.field = pyxis.field;
    this.detail = pyxis.detail;
  }
}

/** One input line that the command cannot use (e.g. a repository path without a `/`): a failed lookup. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/**
 * A lookup's outcome that cannot be written out, e.g. an answer nested too deeply for JSON.stringify: printed in
 * its place as a failed lookup, so that the input still ends as one line and the run goes on.
 */
export class UnprintableResultError extends Error {
  override readonly name = 'UnprintableResultError';
}

/** The input file or stdin failed while it was being read: treated as an unreadable input file (exit code 2). */
export class InputReadError extends UsageError {}

/** stdout went away (e.g. `| head`): nothing more can be written, so the fan-out stops. */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
}
