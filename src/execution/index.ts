export { DirectExecutor } from './direct.js';
export type {
  CallOptions,
  Document,
  ExecutionContext,
  Executor,
  Lookup,
  Outcome,
  PyxisResponse,
  Send,
  Transport,
  Variables,
} from './lookup.js';
