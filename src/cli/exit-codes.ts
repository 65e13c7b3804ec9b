import { INTERRUPTED_EXIT_CODE } from '../run/index.js';

/** Every lookup succeeded (a result dropped by --skip-missing counts as one). */
export const EXIT_OK = 0;
/** Some lookups failed, or the run stopped early because stdout went away. */
export const EXIT_SOME_FAILED = 1;
/** The command line was wrong: nothing was looked up. */
export const EXIT_USAGE = 2;
/** Ctrl-C: the shells' code for a command ended by SIGINT (128 + 2), as `run()` uses it. */
export const EXIT_INTERRUPTED = INTERRUPTED_EXIT_CODE;
