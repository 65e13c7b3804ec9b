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
}

/** One input line that the command cannot use (e.g. a repository path without a `/`): a failed lookup. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/** The input file or stdin failed while it was being read: treated as an unreadable input file (exit code 2). */
export class InputReadError extends UsageError {}

/** stdout went away (e.g. `| head`): nothing more can be written, so the fan-out stops. */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
}
