// The durable async jobs' records in Redis, beside the queue's own keys: one hash per job (state, stamp, outcome)
// and one sorted set of ids in creation order. Every change is one Lua script, so two processes never see a half
// change, and the first outcome written wins (a lookup that ran twice is delivered once).
import type { Redis } from 'ioredis';
import type { AsyncJobStatus } from '../execution/index.js';
import type { LookupOutcome } from './jobs.js';

/** What `result()` reads: the outcome, or why there is none. */
export type RecordRead =
  | { found: false }
  | { found: true; state: AsyncJobStatus; outcome: StoredOutcome | undefined };

/** A lookup's outcome, or the mark a cancelled job gets (it ends as an `AbortError`, whatever ran). */
export type StoredOutcome = LookupOutcome | { ok: false; cancelled: true };

const REGISTER = `
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], 'state', 'pending', 'stamp', ARGV[2])
redis.call('ZADD', KEYS[1], seq, ARGV[1])
return seq`;

// KEYS: record. ARGV: outcome, stamp. A missing record was cleared: its outcome is dropped.
const COMPLETE = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 0 end
if redis.call('HEXISTS', KEYS[1], 'outcome') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'outcome', ARGV[1], 'stamp', ARGV[2])
if state == 'pending' then redis.call('HSET', KEYS[1], 'state', 'done') end
return 1`;

// KEYS: index, record. ARGV: id. Fetching an outcome forgets the job.
const TAKE = `
local v = redis.call('HMGET', KEYS[2], 'state', 'outcome')
if not v[1] then return {} end
if not v[2] then return {v[1]} end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
return {v[1], v[2]}`;

// KEYS: record. ARGV: cancelled outcome, stamp. Only a pending job can be cancelled.
const CANCEL = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return -1 end
if state ~= 'pending' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'cancelled')
if redis.call('HEXISTS', KEYS[1], 'outcome') == 0 then
  redis.call('HSET', KEYS[1], 'outcome', ARGV[1], 'stamp', ARGV[2])
end
return 1`;

// KEYS: index, record. ARGV: id.
const CLEAR = `
local existed = redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
return existed`;

// KEYS: index. ARGV: status, count, record key prefix.
const LIST = `
local found = {}
local count = tonumber(ARGV[2])
if count == 0 then return found end
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if redis.call('HGET', ARGV[3] .. id, 'state') == ARGV[1] then
    found[#found + 1] = id
    if #found >= count then break end
  end
end
return found`;

// KEYS: index. ARGV: threshold ('' for all), record key prefix.
const CLEAR_ALL = `
local threshold = tonumber(ARGV[1])
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local key = ARGV[2] .. id
  local stamp = tonumber(redis.call('HGET', key, 'stamp'))
  if threshold == nil or stamp == nil or stamp < threshold then
    redis.call('DEL', key)
    redis.call('ZREM', KEYS[1], id)
  end
end
return 1`;

/** The records of one queue's durable async jobs. */
export class DurableRecords {
  readonly #redis: Redis;
  readonly #index: string;
  readonly #sequence: string;
  readonly #recordPrefix: string;

  /** `prefix` and `queue` as BullMQ names them, so the records sit beside the queue's keys (`bull:pyxis:...`). */
  constructor(redis: Redis, prefix: string, queue: string) {
    this.#redis = redis;
    const base = `${prefix}:${queue}:pyxis-async`;
    this.#index = `${base}:ids`;
    this.#sequence = `${base}:seq`;
    this.#recordPrefix = `${base}:job:`;
  }

  #record(id: string): string {
    return `${this.#recordPrefix}${id}`;
  }

  /** A new pending job, stamped `now`: written before its BullMQ job, so a worker always finds it. */
  async register(id: string, now: number): Promise<void> {
    await this.#redis.eval(REGISTER, 3, this.#index, this.#record(id), this.#sequence, id, String(now));
  }

  /** Stores the outcome if the job is still there and has none yet; true if this one was stored. */
  async complete(id: string, outcome: StoredOutcome, now: number): Promise<boolean> {
    const stored = await this.#redis.eval(
      COMPLETE,
      1,
      this.#record(id),
      JSON.stringify(outcome),
      String(now),
    );
    return stored === 1;
  }

  /** The job's state, without its outcome (a worker asks before running it). */
  async state(id: string): Promise<AsyncJobStatus | undefined> {
    const state = await this.#redis.hget(this.#record(id), 'state');
    return (state ?? undefined) as AsyncJobStatus | undefined;
  }

  /** Whether the job has an outcome yet; undefined when it is gone. */
  async read(id: string): Promise<RecordRead> {
    const [state, outcome] = await this.#redis.hmget(this.#record(id), 'state', 'outcome');
    if (state === null || state === undefined) return { found: false };
    return {
      found: true,
      state: state as AsyncJobStatus,
      outcome: outcome ? (JSON.parse(outcome) as StoredOutcome) : undefined,
    };
  }

  /** The outcome, and the job forgotten; or its state if it has none yet. */
  async take(id: string): Promise<RecordRead> {
    const reply = (await this.#redis.eval(TAKE, 2, this.#index, this.#record(id), id)) as string[];
    const [state, outcome] = reply;
    if (state === undefined) return { found: false };
    return {
      found: true,
      state: state as AsyncJobStatus,
      outcome: outcome === undefined ? undefined : (JSON.parse(outcome) as StoredOutcome),
    };
  }

  /** 'cancelled' (it was pending), 'finished' (not pending any more) or 'missing'. */
  async cancel(id: string, now: number): Promise<'cancelled' | 'finished' | 'missing'> {
    const mark: StoredOutcome = { ok: false, cancelled: true };
    const reply = await this.#redis.eval(CANCEL, 1, this.#record(id), JSON.stringify(mark), String(now));
    return reply === 1 ? 'cancelled' : reply === 0 ? 'finished' : 'missing';
  }

  /** Forgets the job; false if it was not there. */
  async clear(id: string): Promise<boolean> {
    return (await this.#redis.eval(CLEAR, 2, this.#index, this.#record(id), id)) === 1;
  }

  async list(status: 'pending' | 'done', count: number): Promise<string[]> {
    return (await this.#redis.eval(
      LIST,
      1,
      this.#index,
      status,
      String(count),
      this.#recordPrefix,
    )) as string[];
  }

  async clearAll(threshold: number | undefined): Promise<void> {
    await this.#redis.eval(
      CLEAR_ALL,
      1,
      this.#index,
      threshold === undefined ? '' : String(threshold),
      this.#recordPrefix,
    );
  }
}
