// MSW handlers that answer every Pyxis operation from the embedded server's engine and dataset, so that a unit
// test sees the same responses (paging, filters, 404s, GraphQL errors) as a client talking to a real server.

import { delay, type HttpHandler, HttpResponse, http } from 'msw';
import { DEFAULT_PYXIS_URL } from '../client/index.js';
import { Latency } from '../server/faults.js';
import {
  API_KEY_HEADER,
  checkRequireApiKey,
  type DatasetOptions,
  type LatencyOptions,
  newTraceId,
  type PyxisDataset,
  PyxisEngine,
  refusalOf,
  refusingOverrides,
  TRACE_ID_HEADER,
} from '../server/index.js';
import { overridesOf, takeAnswers } from './merged.js';

export interface PyxisHandlersOptions {
  /** The endpoint to answer, matched exactly (mind the trailing slash). Default: the client's default endpoint. */
  url?: string;
  /**
   * The data to serve: a dataset (share one with `startPyxisServer` to compare both), or the options to generate
   * one with. Default: `createDataset()`, the embedded server's default data.
   */
  dataset?: PyxisDataset | DatasetOptions;
  /** Added to every request before it is answered. */
  latency?: LatencyOptions;
  /**
   * Answer only requests that send this key as `X-API-KEY`, as Pyxis answers partners: without a key each data
   * field reports a 401 in its `error`, with another key a 403 (`get_ping` answers either way). Default: no key.
   */
  requireApiKey?: string;
}

/** Handlers for `setupServer(...createPyxisHandlers())`: every GET and POST to the endpoint, answered in memory. */
export function createPyxisHandlers(options: PyxisHandlersOptions = {}): HttpHandler[] {
  // The embedded server's own: the same options, checked the same way.
  const latency = new Latency(options.latency);
  const requiredApiKey = checkRequireApiKey(options.requireApiKey);
  const engine = new PyxisEngine({ dataset: options.dataset });
  return [
    http.all(options.url ?? DEFAULT_PYXIS_URL, async ({ request, requestId }) => {
      // Per-operation mocks consulted before this handler may have answered some lookups of a merged document.
      const answers = takeAnswers(requestId);
      const refusal = refusalOf(requiredApiKey, request.headers.get(API_KEY_HEADER));
      const overrides = refusal
        ? { ...refusingOverrides(refusal), ...overridesOf(answers) }
        : overridesOf(answers);
      const wait = latency.next();
      if (wait > 0) await delay(wait);
      const answer = engine.handle(
        {
          method: request.method,
          search: new URL(request.url).search,
          body: request.method === 'POST' ? await request.text() : '',
        },
        overrides,
      );
      return new HttpResponse(answer.body, {
        status: answer.status,
        headers: { ...answer.headers, [TRACE_ID_HEADER]: newTraceId() },
      });
    }),
  ];
}
