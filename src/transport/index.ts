export { MAX_RESPONSE_DEPTH } from './body.js';
export {
  type AttemptOutcome,
  type ObservedRequest,
  type OperationType,
  operationOf,
  type RequestObserver,
} from './observer.js';
export {
  checkHeaders,
  checkHeaderValue,
  checkPemSource,
  checkRetryDelay,
  checkUrl,
  type RetryDelayOptions,
  readTls,
  type TlsMaterial,
  type TransportOptions,
} from './options.js';
export { HttpTransport } from './transport.js';
export type { Document, PyxisResponse, RequestOptions, Transport, Variables } from './types.js';
