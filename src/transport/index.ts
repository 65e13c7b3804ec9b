export type { AdaptiveConcurrencyOptions } from './adaptive-concurrency.js';
export { MAX_RESPONSE_DEPTH } from './body.js';
export {
  type AttemptOutcome,
  type ObservedRequest,
  type OperationType,
  operationOf,
  type RequestObserver,
} from './observer.js';
export {
  type AdmitHook,
  checkHeaders,
  checkHeaderValue,
  checkMaxConcurrency,
  checkPemSource,
  checkRateLimit,
  checkRetryDelay,
  checkUrl,
  type RetryDelayOptions,
  readTls,
  resolveAdaptiveConcurrency,
  type TlsMaterial,
  type TransportOptions,
} from './options.js';
export { burstToleranceMs, type RateLimitOptions } from './rate-limit.js';
export { HttpTransport } from './transport.js';
export type { Document, PyxisResponse, RequestOptions, Traffic, Transport, Variables } from './types.js';
export { WaitingLine } from './waiters.js';
