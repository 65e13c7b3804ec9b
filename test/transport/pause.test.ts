// The client-wide pause after a 429 or 503 (src/transport/pause.ts), in fake time: it only ever grows.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Pause } from '../../src/transport/pause.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A waiter on `pause`, and whether it has been let go. */
function waiter(pause: Pause) {
  const state = { released: false };
  const waiting = pause.wait(undefined);
  expect(waiting).toBeDefined();
  waiting?.then(() => {
    state.released = true;
  });
  return state;
}

describe('the client-wide pause', () => {
  test('a shorter pause asked while a longer one runs ends nothing early; a longer one extends it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const pause = new Pause();
    expect(pause.start(3000)).toBe(3000);
    const first = waiter(pause);
    await vi.advanceTimersByTimeAsync(500);
    // Would end at 1500, inside the 3000 already paused: it says how long the running pause still lasts.
    expect(pause.start(1000)).toBe(2500);
    const second = waiter(pause);
    await vi.advanceTimersByTimeAsync(1500); // 2000
    expect([first.released, second.released, pause.active]).toEqual([false, false, true]);
    expect(pause.start(2000)).toBe(2000); // ends at 4000: the pause grows
    await vi.advanceTimersByTimeAsync(1999); // 3999
    expect([first.released, second.released, pause.active]).toEqual([false, false, true]);
    await vi.advanceTimersByTimeAsync(1);
    expect([first.released, second.released, pause.active]).toEqual([true, true, false]);
    expect(pause.wait(undefined)).toBeUndefined();
    expect({ throttled: pause.throttled, pausedMs: pause.pausedMs }).toEqual({
      throttled: 3,
      pausedMs: 4000,
    });
  });

  test('after clear(), a new pause holds for its own length, however short', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const pause = new Pause();
    pause.start(3000);
    const cleared = waiter(pause);
    pause.clear();
    await vi.advanceTimersByTimeAsync(0);
    expect([cleared.released, pause.active]).toEqual([true, false]);
    pause.start(1000);
    expect(pause.active).toBe(true);
    const next = waiter(pause);
    await vi.advanceTimersByTimeAsync(999);
    expect(next.released).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(next.released).toBe(true);
  });
});
