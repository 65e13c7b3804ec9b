export { asCompleted } from './as-completed.js';
export { FanoutAbortError, InvalidOptionError, InvalidTaskError, InvalidTaskInputError } from './errors.js';
export { gather } from './gather.js';
export { SKIP, type Skip } from './skip.js';
export type {
  AsCompletedIterator,
  FanoutOptions,
  FanoutProgress,
  ResultOf,
  SettledResult,
  Task,
  TaskInput,
  TaskValue,
} from './types.js';
