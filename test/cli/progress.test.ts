import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { Tally } from '../../src/cli/summary.js';
import { RecordingStream } from './helpers.js';

describe('createProgress', () => {
  it('writes a notice on its own line, which the bar does not wipe out when it stops', () => {
    const stderr = new RecordingStream({ isTTY: true, columns: 100 });
    const tally = new Tally(10);
    const progress = createProgress('repo', stderr, true, tally.snapshot());
    progress.notice('hint: a notice');
    progress.stop();
    const text = stderr.text;
    const notice = text.indexOf('hint: a notice\n');
    expect(notice).toBeGreaterThan(-1);
    // Stopping goes back to where the cursor was saved (ESC 7) and clears that line: it must be below the notice.
    expect(text.lastIndexOf('\x1b7')).toBeGreaterThan(notice);
    expect(text.lastIndexOf('\x1b8')).toBeGreaterThan(notice);
  });

  it('writes a notice as a plain line when there is no bar', () => {
    const stderr = new RecordingStream();
    const progress = createProgress('repo', stderr, false, new Tally(1).snapshot());
    progress.notice('hint: a notice');
    expect(stderr.text).toBe('hint: a notice\n');
  });
});
