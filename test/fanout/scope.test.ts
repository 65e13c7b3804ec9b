import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { FanoutAbortError } from '../../src/fanout/errors.js';
import { consumerStopped, FanoutScope, fanoutFailed } from '../../src/fanout/scope.js';
import { leakWarningsFor } from '../helpers/async.js';

describe('FanoutScope', () => {
  it('aborts the task signal with the reason of the first abort only', () => {
    const scope = new FanoutScope();
    scope.abort('first');
    scope.abort('second');
    expect(scope.signal.reason).toBe('first');
  });

  it('follows the caller signal, passing its reason on', () => {
    const scope = new FanoutScope();
    const outer = new AbortController();
    const onAbort = vi.fn();
    scope.link(outer.signal, onAbort);
    expect(scope.signal.aborted).toBe(false);
    outer.abort('stop');
    expect(scope.signal.reason).toBe('stop');
    expect(onAbort).toHaveBeenCalledWith('stop');
  });

  it('reacts at once to a caller signal aborted already', () => {
    const scope = new FanoutScope();
    const onAbort = vi.fn();
    scope.link(AbortSignal.abort('early'), onAbort);
    expect(scope.signal.reason).toBe('early');
    expect(onAbort).toHaveBeenCalledWith('early');
  });

  it('lets any number of listeners follow the task signal, so tasks that add their own raise no leak warning', () => {
    expect(leakWarningsFor(new FanoutScope().signal)).toBe(0);
  });

  it('puts one listener on a caller signal that many fan-outs follow, and takes it off when they are disposed', () => {
    const outer = new AbortController();
    const scopes = Array.from({ length: 20 }, () => new FanoutScope());
    for (const scope of scopes) scope.link(outer.signal, () => {});
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(1);
    for (const scope of scopes) scope.dispose();
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(0);
  });

  it('stops following the caller signal when disposed', () => {
    const scope = new FanoutScope();
    const outer = new AbortController();
    scope.link(outer.signal, () => {});
    scope.dispose();
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(0);
    outer.abort();
    expect(scope.signal.aborted).toBe(false);
  });

  it('names its own abort reasons AbortError, with the failure as the cause', () => {
    const failure = new Error('x');
    expect(fanoutFailed(failure)).toBeInstanceOf(FanoutAbortError);
    expect(fanoutFailed(failure)).toMatchObject({ name: 'AbortError', cause: failure });
    expect(consumerStopped()).toMatchObject({ name: 'AbortError' });
  });
});
