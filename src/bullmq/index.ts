// `pyxis-gql/bullmq`: lookups run by worker processes over BullMQ on Redis, and the async context's jobs kept
// there (durable ids any process can read). `bullmq` and `ioredis` are optional peer dependencies.
export type { RedisConnection } from './connection.js';
export { RedisConnectError } from './connection.js';
export {
  beginDurableAsyncExecution,
  type DurableAsyncExecutionOptions,
  DurableAsyncPyxisClient,
} from './durable.js';
export {
  createDistributedFanout,
  DISTRIBUTED_CONCURRENCY,
  DistributedFanout,
  type DistributedFanoutOptions,
  DistributedJobError,
  DistributedPyxis,
} from './fanout.js';
export { FleetRateLimitError, type FleetRateLimitOptions } from './fleet-rate.js';
export {
  CHUNK_JOB_NAME,
  type ChunkResult,
  type LookupCall,
  type LookupChunk,
  type LookupOutcome,
  MAX_CHUNK,
  type SerializedError,
} from './jobs.js';
export { deserializeError, serializeError } from './outcomes.js';
export { type LookupWorker, type LookupWorkerOptions, startLookupWorker } from './worker.js';
