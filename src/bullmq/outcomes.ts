// Errors as data, and back: a lookup that fails on a worker fails for the producer with the same class and fields
// (a `PyxisGraphQLError` with its `httpCode`, `errors` and `attempts`), as if it had run in-process.
import {
  PyxisClientClosedError,
  PyxisDeadlineError,
  PyxisError,
  PyxisGraphQLError,
  PyxisHttpError,
  PyxisNetworkError,
  PyxisPagingError,
  PyxisRedirectError,
  PyxisRequestError,
  PyxisResponseTooDeepError,
  PyxisResponseTooLargeError,
  PyxisTimeoutError,
} from '../errors/index.js';
import {
  AsyncJobCancelError,
  AsyncJobClearError,
  AsyncJobListError,
  AsyncJobResultError,
  AsyncJobStatusError,
  JobError,
} from '../execution/index.js';
import { InvalidOptionError } from '../shared/options.js';
import { FleetRateLimitError } from './fleet-rate.js';
import { decodeData, encodeData, type SerializedError } from './jobs.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/** The classes an error may come back as, by name; any other name comes back as an `Error` of that name. */
const ERROR_CLASSES: ReadonlyMap<string, ErrorClass> = new Map(
  [
    PyxisError,
    PyxisRequestError,
    PyxisPagingError,
    PyxisClientClosedError,
    PyxisGraphQLError,
    PyxisHttpError,
    PyxisResponseTooLargeError,
    PyxisRedirectError,
    PyxisResponseTooDeepError,
    PyxisNetworkError,
    PyxisTimeoutError,
    PyxisDeadlineError,
    JobError,
    AsyncJobStatusError,
    AsyncJobResultError,
    AsyncJobCancelError,
    AsyncJobClearError,
    AsyncJobListError,
    InvalidOptionError,
    FleetRateLimitError,
    TypeError,
    RangeError,
    SyntaxError,
    // Each class is found by the `name` its errors carry, which is its own name.
  ].map((errorClass): [string, ErrorClass] => [errorClass.name, errorClass]),
);

/** How deep a chain of causes is kept: enough for a deadline's last attempt, never unbounded. */
const MAX_CAUSES = 3;

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: `non-error thrown: ${String(error)}`, fields: {} };
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'name' || key === 'message' || key === 'stack' || key === 'cause') continue;
    fields[key] = encodeData(value);
  }
  const serialized: SerializedError = { name: error.name, message: error.message, fields };
  if (error.cause !== undefined && depth < MAX_CAUSES)
    serialized.cause = serializeError(error.cause, depth + 1);
  return serialized;
}

/** The error again: the same class (by name), message and fields; its stack says it came from a worker. */
export function deserializeError(serialized: SerializedError): Error {
  const ErrorClass = ERROR_CLASSES.get(serialized.name) ?? Error;
  const error = Object.create(ErrorClass.prototype) as Error;
  const own = (key: string, value: unknown) =>
    Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable: true });
  own('name', serialized.name);
  Object.defineProperty(error, 'message', { value: serialized.message, writable: true, configurable: true });
  for (const [key, value] of Object.entries(serialized.fields)) own(key, decodeData(value));
  Object.defineProperty(error, 'stack', {
    value: `${serialized.name}: ${serialized.message}\n    at a pyxis-gql/bullmq worker`,
    writable: true,
    configurable: true,
  });
  if (serialized.cause) {
    Object.defineProperty(error, 'cause', {
      value: deserializeError(serialized.cause),
      writable: true,
      configurable: true,
    });
  }
  return error;
}
