// The fleet's request budget: at most `requests` HTTP attempts in any `perMs`, over every worker of a queue, told
// by one Lua script in Redis per attempt (the worker's client awaits it before each attempt, see its `admit`).
import type { Redis } from 'ioredis';
import { PyxisError } from '../errors/index.js';
import { burstToleranceMs, WaitingLine } from '../transport/index.js';

/**
 * `rateLimit` of a worker: at most `requests` HTTP attempts in any window of `perMs`, across the whole fleet, and
 * at most `burst` of them at once (the client's `rateLimit`, over the fleet).
 */
export interface FleetRateLimitOptions {
  requests: number;
  perMs: number;
  /**
   * At most `burst` in any `perMs * burst / requests`. Default `requests` (the window alone limits); 1 spaces the
   * fleet's attempts `perMs / requests` apart.
   */
  burst?: number;
}

/**
 * The start times of the last `requests` attempts of the fleet, newest first, as microseconds on Redis' own clock
 * (`TIME`: one clock for every worker, whatever theirs say). An attempt may start once the oldest of them is
 * `perMs` old (or there are fewer): then it is recorded and the script answers 0; else it answers how many ms
 * until that oldest one is `perMs` old. A sliding window, exact for every window rather than for fixed ones:
 * no `requests + 1` starts ever fall within `perMs` of each other. Microseconds, because whole milliseconds would
 * let the `requests + 1`-th start in up to 1 ms early; written with `%.0f` (a Lua number turned to text as it is
 * would print 1.7e+15 and lose them). A key expires once its newest start no longer counts.
 *
 * With a `burst` below `requests`, a second list does the same for `burst` starts in `burstMs`, where a start late
 * by no more than the tolerance is recorded as when it was due (the client's SlidingWindow does the same), so that
 * a poll's lateness does not add up over the starts: without it, one start per 5 ms becomes one per 6 or 7.
 *
 * KEYS: the window's list, the burst's list. ARGV: requests, perMs, burst, burstMs, tolerance (ms).
 */
const TAKE_TURN = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local requests = tonumber(ARGV[1])
local per = tonumber(ARGV[2]) * 1000
local burst = tonumber(ARGV[3])
local burstPer = tonumber(ARGV[4]) * 1000
local wait = 0
local oldest = redis.call('LINDEX', KEYS[1], requests - 1)
if oldest then wait = tonumber(oldest) + per - now end
local due
if burst < requests then
  local last = redis.call('LINDEX', KEYS[2], burst - 1)
  if last then
    due = tonumber(last) + burstPer
    if due - now > wait then wait = due - now end
  end
end
if wait > 0 then return math.ceil(wait / 1000) end
redis.call('LPUSH', KEYS[1], string.format('%.0f', now))
redis.call('LTRIM', KEYS[1], 0, requests - 1)
redis.call('PEXPIRE', KEYS[1], math.ceil(per / 1000))
if burst < requests then
  local start = now
  if due and now - due <= tonumber(ARGV[5]) * 1000 then start = due end
  redis.call('LPUSH', KEYS[2], string.format('%.0f', start))
  redis.call('LTRIM', KEYS[2], 0, burst - 1)
  redis.call('PEXPIRE', KEYS[2], math.ceil(burstPer / 1000))
end
return 0`;

/** Redis answered the fleet's rate limit with an error: the attempt that asked for its turn fails with it. */
export class FleetRateLimitError extends PyxisError {
  override name = 'FleetRateLimitError';

  constructor(key: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`the fleet's rate limit (Redis key ${key}) could not be read: ${reason}`, { cause });
  }
}

/**
 * One worker's side of the fleet's budget. Its attempts wait in one line, first come, first served, and only the
 * first asks Redis (again after the wait Redis told, and nothing more): 16 attempts of a worker waiting at once
 * would otherwise all ask at the same moment, and all but one be told to wait again. Workers still race each other
 * for a turn, one request each per turn given.
 */
export class FleetRateLimit {
  readonly #redis: Redis;
  readonly #key: string;
  /** The script's arguments after its keys. */
  readonly #args: number[];
  readonly #line = new WaitingLine();
  #asking = false;
  /** Turns Redis gave this worker: for tests and the bench. */
  granted = 0;

  constructor(redis: Redis, key: string, { requests, perMs, burst = requests }: FleetRateLimitOptions) {
    this.#redis = redis;
    this.#key = key;
    const burstMs = (perMs * burst) / requests;
    this.#args = [requests, perMs, burst, burstMs, burstToleranceMs(burstMs)];
  }

  /** The client's `admit`: resolves once Redis gave this attempt a turn; rejects with the signal's reason. */
  admit = (signal: AbortSignal | undefined): Promise<void> => {
    const turn = this.#line.join(signal);
    if (!this.#asking) void this.#ask();
    return turn;
  };

  async #ask(): Promise<void> {
    this.#asking = true;
    try {
      while (this.#line.size > 0) {
        let wait: number;
        try {
          wait = Number(await this.#redis.eval(TAKE_TURN, 2, this.#key, `${this.#key}:burst`, ...this.#args));
        } catch (error) {
          // Not a Redis that is away (ioredis holds the command until it is back): an answer that is an error. The
          // attempt first in line fails with it; the next asks again.
          this.#line.fail(new FleetRateLimitError(this.#key, error));
          continue;
        }
        if (wait === 0) {
          this.granted += 1;
          // The first in line may have left while Redis answered: the turn goes to the next (none: it is lost,
          // which only ever errs on the side of fewer requests).
          this.#line.next();
          continue;
        }
        // Unref'd: the attempts that wait belong to jobs the worker holds, whose connections keep the process up;
        // once every one of them has left (their calls aborted, the worker closed), the timer holds nothing.
        await new Promise<void>((wake) => setTimeout(wake, wait).unref());
      }
    } finally {
      this.#asking = false;
    }
  }
}
