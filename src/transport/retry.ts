// When and how a failed request is sent again. The first attempt runs without any of this (it is the hot path);
// only a retryable failure brings p-retry in.
import { clearTimeout, setTimeout } from 'node:timers';
import { type DocumentNode, Kind, Lexer, Source, TokenKind } from 'graphql';
import pRetry from 'p-retry';
import {
  PyxisDeadlineError,
  PyxisError,
  PyxisGraphQLError,
  PyxisHttpError,
  PyxisNetworkError,
  PyxisTimeoutError,
  recordAttempts,
  recordDeadline,
} from '../errors/index.js';
import { onAbort } from '../shared/signals.js';
import type { RetryDelayOptions } from './options.js';
import type { Document } from './types.js';

/** HTTP statuses that say "try again later" rather than "this request is wrong". */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export interface RetryPolicy {
  /** Failures retried per request (and, besides, as many HTTP 429 waits). */
  retries: number;
  delay: Required<RetryDelayOptions>;
}

/** Whether `error`, the failure of one attempt, may go away if the same request is sent again. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof PyxisDeadlineError) return false;
  if (error instanceof PyxisTimeoutError) return true;
  if (error instanceof PyxisNetworkError) return !isTlsFailure(error.code);
  if (error instanceof PyxisHttpError || error instanceof PyxisGraphQLError) {
    return RETRIED_STATUSES.has(error.httpCode);
  }
  return false;
}

/** A certificate the client does not trust, or a handshake that failed, fails the same way every time. */
function isTlsFailure(code: string | undefined): boolean {
  return code !== undefined && /CERT|^ERR_SSL_|^ERR_TLS_|^HOSTNAME_MISMATCH$/.test(code);
}

/**
 * The server pacing us: not a failure of the request, so it does not use up a retry. It has a budget of its own,
 * as large, so that a server that only ever answers 429 is not asked forever.
 */
function isRateLimited(error: unknown): boolean {
  return (error instanceof PyxisHttpError || error instanceof PyxisGraphQLError) && error.httpCode === 429;
}

/**
 * The wait `Retry-After` asks for, in ms: delay-seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day or month ("Sun, 06 Nov 1994 08:49:37 GMT"); V8's Date.parse would also read
  // "-5" as a date in 2001. A date in the past asks for no wait at all.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Milliseconds to wait after failed attempt number `attempt`: what `Retry-After` asked (capped), or else a random
 * time up to the exponential backoff (full jitter, so that many clients that failed together do not retry together).
 */
export function delayAfter(error: unknown, attempt: number, delay: Required<RetryDelayOptions>): number {
  const asked =
    error instanceof PyxisHttpError || error instanceof PyxisGraphQLError ? error.retryAfter : undefined;
  if (asked !== undefined) return Math.min(asked, delay.maxRetryAfter);
  return Math.random() * Math.min(delay.max, delay.base * 2 ** (attempt - 1));
}

/**
 * Whether sending `document` again is harmless: it holds queries only. A mutation is sent once. A string that
 * does not even lex is not retried (the server will refuse it however often it gets it).
 */
export function holdsOnlyQueries(document: Document): boolean {
  if (typeof document !== 'string') return onlyQueryDefinitions(document);
  try {
    const lexer = new Lexer(new Source(document));
    // An operation's type is the first word of a top-level definition: at depth 0, after the start or a `}`.
    let depth = 0;
    let definitionStart = true;
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (definitionStart && token.kind === TokenKind.NAME && token.value !== 'query') {
        if (token.value === 'mutation' || token.value === 'subscription') return false;
      }
      if (
        token.kind === TokenKind.BRACE_L ||
        token.kind === TokenKind.PAREN_L ||
        token.kind === TokenKind.BRACKET_L
      )
        depth++;
      if (
        token.kind === TokenKind.BRACE_R ||
        token.kind === TokenKind.PAREN_R ||
        token.kind === TokenKind.BRACKET_R
      )
        depth--;
      definitionStart = depth === 0 && token.kind === TokenKind.BRACE_R;
    }
    return true;
  } catch {
    return false;
  }
}

function onlyQueryDefinitions(document: DocumentNode): boolean {
  return document.definitions.every(
    (definition) => definition.kind !== Kind.OPERATION_DEFINITION || definition.operation === 'query',
  );
}

/**
 * Sends a request again after its first attempt failed with `firstError`, as `policy` allows, and rejects with the
 * last failure (its `attempts` recorded), or with the signal's reason once it aborts (a deadline's error gets the
 * attempts and the failure before it). `closing` (the client closing with `abort`) stops it the same way, at
 * once even mid-wait; its reason is the transport's to replace, and is left untouched. A wait that would end past
 * `deadlineAt` (the call's deadline, on the `performance.now()` clock) is not waited: the failure is final.
 * `onRetry` hears of each retry before its wait: the attempt that failed (1 is the first), its error, the wait.
 */
export async function retryRequest<T>(
  send: () => Promise<T>,
  firstError: unknown,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  closing?: AbortSignal,
  deadlineAt?: number,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  let attempts = 1;
  let lastFailure: unknown = firstError;
  let waiting = false;
  let failures = 0;
  let rateLimitWaits = 0;
  let note = '';
  try {
    return await pRetry(
      (attempt) => {
        // The first attempt already ran, outside p-retry; replaying its failure lets p-retry count it like any other.
        if (attempt === 1) throw firstError;
        attempts = attempt;
        waiting = false;
        return send();
      },
      {
        // The most a request is sent again: `retries` failures, and as many rate-limit waits besides. Which budget
        // a failure draws on is decided below.
        retries: policy.retries * 2,
        // The waits are ours (full jitter, Retry-After, the deadline); p-retry's own backoff would add to them.
        minTimeout: 0,
        signal,
        onFailedAttempt: async ({ error, attemptNumber }) => {
          if (signal?.aborted) throw signal.reason;
          if (closing?.aborted) throw closing.reason;
          if (!isRetryable(error)) throw error;
          if (isRateLimited(error) && rateLimitWaits < policy.retries) rateLimitWaits++;
          else if (++failures > policy.retries) throw error;
          lastFailure = error;
          const wait = delayAfter(error, attemptNumber, policy.delay);
          const left = deadlineAt === undefined ? undefined : deadlineAt - performance.now();
          if (left !== undefined && wait >= left) {
            note = ` (not retried: waiting ${Math.ceil(wait)} ms would pass the call's deadline)`;
            throw error;
          }
          onRetry?.(error, attemptNumber, wait);
          waiting = true;
          await sleep(wait, [signal, closing]);
        },
      },
    );
  } catch (error) {
    if (closing?.aborted && error === closing.reason) throw error;
    if (signal?.aborted && error === signal.reason) {
      if (error instanceof PyxisDeadlineError) {
        recordDeadline(error, attempts, lastFailure, waiting);
      }
      throw error;
    }
    if (error instanceof PyxisError) recordAttempts(error, attempts, note);
    throw error;
  }
}

/**
 * Resolves after `ms`, or rejects with a signal's own reason as soon as one aborts; leaves no timer behind. The
 * signals are followed through `onAbort`: a fan-out's calls share one signal (and the client's closing one), and
 * a listener of each waiting retry on it would be Node's MaxListenersExceededWarning past ten. Its timer is Node's
 * own, not the global `setTimeout`: fake timers (vitest's, sinon's) do not move it.
 */
function sleep(ms: number, signals: ReadonlyArray<AbortSignal | undefined>): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = signals.find((signal) => signal?.aborted);
    if (aborted) {
      reject(aborted.reason);
      return;
    }
    const unfollow: Array<() => void> = [];
    const end = () => {
      clearTimeout(timer);
      for (const stop of unfollow) stop();
    };
    const timer = setTimeout(() => {
      end();
      resolve();
    }, ms);
    for (const signal of signals) {
      if (signal === undefined) continue;
      unfollow.push(
        onAbort(signal, () => {
          end();
          reject(signal.reason);
        }),
      );
    }
  });
}
