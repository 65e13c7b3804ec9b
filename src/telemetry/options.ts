import { checkFunction, checkSubOptions, InvalidOptionError, isPlainObject } from '../shared/options.js';
import type { PyxisEventHandler } from './events.js';

/** Which OpenTelemetry providers the client uses; by default the globally registered ones. */
export interface TelemetryOptions {
  /** A `TracerProvider` of `@opentelemetry/api`. Default: the global one (`trace.getTracerProvider()`). */
  tracerProvider?: { getTracer(name: string, version?: string): object };
  /** A `MeterProvider` of `@opentelemetry/api`. Default: the global one (`metrics.getMeterProvider()`). */
  meterProvider?: { getMeter(name: string, version?: string): object };
}

/** The client options about observing it. */
export interface ObservabilityOptions {
  /**
   * Hears of every HTTP attempt (its start and end) and every retry: see `PyxisEvent`. It must not throw: one that
   * throws (or returns a promise that rejects) is ignored, the request goes on, and the first such failure is
   * reported as a process warning (`PyxisObserverWarning`).
   */
  onEvent?: PyxisEventHandler;
  /**
   * OpenTelemetry spans and metrics, when `@opentelemetry/api` is installed (an optional peer dependency).
   * Default `true`: on if the API is installed, using the global providers (without a registered SDK the API is a
   * no-op). `false` turns it off; an object names the providers to use, and needs the API installed.
   */
  telemetry?: boolean | TelemetryOptions;
}

export function checkOnEvent(value: unknown): void {
  checkFunction('onEvent', value as PyxisEventHandler);
}

export function checkTelemetry(value: unknown): void {
  if (typeof value === 'boolean') return;
  const expected = 'a boolean or an object ({ tracerProvider, meterProvider })';
  if (!isPlainObject(value)) throw new InvalidOptionError('telemetry', value, expected);
  checkSubOptions('telemetry', value, ['tracerProvider', 'meterProvider']);
  const check = (name: 'tracerProvider' | 'meterProvider', method: string) => {
    const provider = value[name];
    if (provider === undefined) return;
    if (typeof (provider as Record<string, unknown> | null)?.[method] !== 'function') {
      throw new InvalidOptionError(
        `telemetry.${name}`,
        provider,
        `an OpenTelemetry ${name} (with ${method}())`,
      );
    }
  };
  check('tracerProvider', 'getTracer');
  check('meterProvider', 'getMeter');
}
