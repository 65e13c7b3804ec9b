export { INTERRUPTED_EXIT_CODE, InterruptedError, type RunOptions, type RunProcess, run } from './run.js';
