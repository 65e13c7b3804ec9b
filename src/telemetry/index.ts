// Seeing what the client does: the `onEvent` hook and OpenTelemetry, both fed by the transport's observer.
import { InvalidOptionError } from '../shared/options.js';
import type { RequestObserver, Traffic } from '../transport/index.js';
import { eventObserver, type PyxisEventHandler } from './events.js';
import { combineObservers, warnOnce } from './guard.js';
import type { TelemetryOptions } from './options.js';
import { createOtelTelemetry, type OtelTelemetry } from './otel.js';

export type {
  PyxisEvent,
  PyxisEventHandler,
  PyxisPauseEvent,
  PyxisRequestEndEvent,
  PyxisRequestEventBase,
  PyxisRequestStartEvent,
  PyxisRetryEvent,
} from './events.js';
export { TracingExecutor } from './executor.js';
export { checkOnEvent, checkTelemetry, type ObservabilityOptions, type TelemetryOptions } from './options.js';
export type { OtelTelemetry } from './otel.js';

/** What a client observes itself with: the transport's observer, and the OpenTelemetry part (for call spans). */
export interface Observers {
  observer: RequestObserver | undefined;
  otel: OtelTelemetry | undefined;
}

/**
 * The observers the options ask for. `traffic` reads the client's traffic control (it is called only when a metric
 * reader collects). Throws when the options name OpenTelemetry providers and the API is absent.
 */
export function createObservers(
  options: { onEvent?: PyxisEventHandler | undefined; telemetry?: boolean | TelemetryOptions | undefined },
  traffic: () => Traffic,
): Observers {
  const parts: Array<{ observer: RequestObserver; report: (error: unknown) => void }> = [];
  if (options.onEvent) {
    const report = warnOnce('The onEvent handler');
    parts.push({ observer: eventObserver(options.onEvent, report), report });
  }
  let otel: OtelTelemetry | undefined;
  const telemetry = options.telemetry ?? true;
  if (telemetry !== false) {
    otel = createOtelTelemetry(typeof telemetry === 'object' ? telemetry : {}, traffic);
    if (otel === undefined && typeof telemetry === 'object') {
      throw InvalidOptionError.withMessage(
        'telemetry',
        undefined,
        'The `telemetry` option names OpenTelemetry providers, but @opentelemetry/api is not installed (npm install @opentelemetry/api)',
      );
    }
    if (otel !== undefined) {
      parts.push({ observer: otel, report: warnOnce('pyxis-gql OpenTelemetry instrumentation') });
    }
  }
  return { observer: combineObservers(parts), otel };
}
