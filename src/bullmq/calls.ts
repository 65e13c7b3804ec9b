// What a producer sends is a method call as data: its name and arguments. The Pyxis methods check the arguments
// and build a lookup of functions, which cannot travel; so each method, on a producer's client, notes its name and
// arguments on the way down to the executor, which puts those in a job.
import { PyxisMethods } from '../pyxis/index.js';
import { LOOKUP_METHODS } from './jobs.js';

/** A method call on its way down: set while the method runs (calls reach an executor synchronously, one at a time). */
export interface Call {
  method: string;
  args: unknown[];
}

export interface CallRecorder {
  call: Call | undefined;
}

/** Makes every lookup method of `client` note its name and arguments on `recorder` while it runs. */
export function recordCalls(client: object, recorder: CallRecorder): void {
  const methods = PyxisMethods.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of LOOKUP_METHODS) {
    const original = methods[method];
    Object.defineProperty(client, method, {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => {
        const outer = recorder.call;
        recorder.call = { method, args };
        try {
          return original?.apply(client, args);
        } finally {
          recorder.call = outer;
        }
      },
    });
  }
}

/** The call being made, from inside an executor. */
export function currentCall(recorder: CallRecorder): Call {
  const call = recorder.call;
  if (!call) throw new Error('pyxis-gql/bullmq: a lookup reached the executor outside a method call');
  return call;
}

/** Paging only matters on the worker; on a producer the methods merely check their arguments. */
export const CHECK_ONLY_PAGING = {
  pageSize: 50,
  pageConcurrency: 1,
  maxItems: Number.POSITIVE_INFINITY,
  maxPages: Number.POSITIVE_INFINITY,
};
