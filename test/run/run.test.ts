import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { INTERRUPTED_EXIT_CODE, InterruptedError, type RunProcess, run } from '../../src/run/index.js';
import { expectNoUnhandledRejections } from '../fanout/helpers.js';
import { deferred } from '../helpers/async.js';

expectNoUnhandledRejections();

/** A stand-in for `process`: signals are emitted by the test, and exits and stderr are recorded. */
class FakeProcess extends EventEmitter implements RunProcess {
  exitCode: number | string | undefined;
  readonly exits: number[] = [];
  readonly env: Record<string, string | undefined> = {};
  written = '';
  readonly stderr = {
    write: (text: string) => {
      this.written += text;
      return true;
    },
  };

  exit(code: number): void {
    this.exits.push(code);
  }

  signalListenerCount(): number {
    return this.listenerCount('SIGINT') + this.listenerCount('SIGTERM');
  }
}

describe('run', () => {
  it("resolves to main's result and sets the exit code to 0", async () => {
    const fake = new FakeProcess();
    await expect(run(async () => 'found', { process: fake })).resolves.toBe('found');
    expect(fake.exitCode).toBe(0);
    expect(fake.written).toBe('');
  });

  it('gives main a signal that is not aborted, and accepts a synchronous main', async () => {
    const fake = new FakeProcess();
    await expect(run((signal) => signal.aborted, { process: fake })).resolves.toBe(false);
  });

  describe('when main fails', () => {
    it('resolves to undefined, prints the error without its stack and sets the exit code to 1', async () => {
      const fake = new FakeProcess();
      await expect(
        run(
          async () => {
            throw new TypeError('bad path');
          },
          { process: fake },
        ),
      ).resolves.toBeUndefined();
      expect(fake.exitCode).toBe(1);
      expect(fake.written).toBe('TypeError: bad path\n');
    });

    it('prints the stack and the cause when DEBUG is set', async () => {
      const fake = new FakeProcess();
      fake.env.DEBUG = '1';
      await run(
        async () => {
          throw new Error('outer', { cause: new Error('inner') });
        },
        { process: fake },
      );
      expect(fake.written).toMatch(/^Error: outer\n\s+at /);
      expect(fake.written).toContain('inner');
      expect(fake.exitCode).toBe(1);
    });

    it('handles a synchronous throw and a thrown value that is not an Error', async () => {
      const fake = new FakeProcess();
      await run(
        () => {
          throw 'just a string';
        },
        { process: fake },
      );
      expect(fake.written).toBe("Error: 'just a string'\n");
      expect(fake.exitCode).toBe(1);
    });

    it('never rejects, even when stderr cannot be written', async () => {
      const fake = new FakeProcess();
      fake.stderr.write = () => {
        throw new Error('EPIPE');
      };
      await expect(run(() => Promise.reject(new Error('x')), { process: fake })).resolves.toBeUndefined();
      expect(fake.exitCode).toBe(1);
    });
  });

  describe.each(['SIGINT', 'SIGTERM'] as const)('on %s', (signalName) => {
    it('aborts the signal on the first one, so main can wind down and succeed', async () => {
      const fake = new FakeProcess();
      const ran = run(
        async (signal) => {
          await new Promise((resolve) => signal.addEventListener('abort', resolve));
          return signal.reason;
        },
        { process: fake },
      );
      fake.emit(signalName);
      const reason = await ran;
      expect(reason).toBeInstanceOf(InterruptedError);
      expect(reason).toMatchObject({ name: 'AbortError', signal: signalName });
      expect(fake.exits).toEqual([]);
      expect(fake.exitCode).toBe(0);
      expect(fake.written).toContain(`Received ${signalName}`);
    });

    it("exits with 130, printing nothing more, when main fails with the interrupt's own abort", async () => {
      const fake = new FakeProcess();
      const ran = run(
        async (signal) => {
          await new Promise((resolve) => signal.addEventListener('abort', resolve));
          throw signal.reason;
        },
        { process: fake },
      );
      fake.emit(signalName);
      await expect(ran).resolves.toBeUndefined();
      expect(fake.exitCode).toBe(INTERRUPTED_EXIT_CODE);
      expect(fake.written).toBe(`Received ${signalName}, stopping (send it again to exit at once)\n`);
      expect(fake.exits).toEqual([]);
    });

    it('exits with 130 when main fails with an error caused by that abort (the AbortError of timers/promises)', async () => {
      const fake = new FakeProcess();
      const ran = run((signal) => sleep(1e9, undefined, { signal }), { process: fake });
      fake.emit(signalName);
      await ran;
      expect(fake.exitCode).toBe(INTERRUPTED_EXIT_CODE);
      expect(fake.written).not.toContain('AbortError');
    });

    it('prints the abort with its stack when DEBUG is set, and still exits with 130', async () => {
      const fake = new FakeProcess();
      fake.env.DEBUG = '1';
      const ran = run((signal) => sleep(1e9, undefined, { signal }), { process: fake });
      fake.emit(signalName);
      await ran;
      expect(fake.exitCode).toBe(INTERRUPTED_EXIT_CODE);
      expect(fake.written).toMatch(new RegExp(`AbortError[^]*\\n\\s+at [^]*Interrupted by ${signalName}`));
    });

    it('keeps exit code 1 for a real failure while winding down', async () => {
      const fake = new FakeProcess();
      const ran = run(
        async (signal) => {
          await new Promise((resolve) => signal.addEventListener('abort', resolve));
          throw new Error('could not save the results', { cause: new Error('disk full') });
        },
        { process: fake },
      );
      fake.emit(signalName);
      await ran;
      expect(fake.exitCode).toBe(1);
      expect(fake.written).toContain('Error: could not save the results\n');
    });

    it('exits at once with 130 on the second one', async () => {
      const fake = new FakeProcess();
      const stuck = deferred();
      const ran = run(() => stuck.promise, { process: fake });
      fake.emit(signalName);
      expect(fake.exits).toEqual([]);
      fake.emit(signalName);
      expect(fake.exits).toEqual([INTERRUPTED_EXIT_CODE]);
      expect(INTERRUPTED_EXIT_CODE).toBe(130);
      stuck.resolve();
      await ran;
    });
  });

  it("keeps exit code 1 for an abort of main's own, with no interrupt", async () => {
    const fake = new FakeProcess();
    await run(() => sleep(1e9, undefined, { signal: AbortSignal.abort(new Error('gave up')) }), {
      process: fake,
    });
    expect(fake.exitCode).toBe(1);
    expect(fake.written).toBe('AbortError: The operation was aborted\n');
  });

  it('never rejects, even for an error whose cause cannot be read', async () => {
    const fake = new FakeProcess();
    const ran = run(
      async (signal) => {
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        throw Object.defineProperty(new Error('odd'), 'cause', {
          get() {
            throw new Error('no cause for you');
          },
        });
      },
      { process: fake },
    );
    fake.emit('SIGINT');
    await expect(ran).resolves.toBeUndefined();
    expect(fake.exitCode).toBe(1);
  });

  it('removes its signal listeners once main has settled', async () => {
    const fake = new FakeProcess();
    const ran = run(async () => 1, { process: fake });
    expect(fake.signalListenerCount()).toBe(2);
    await ran;
    expect(fake.signalListenerCount()).toBe(0);
    await run(() => Promise.reject(new Error('x')), { process: fake });
    expect(fake.signalListenerCount()).toBe(0);
  });

  describe('in a real process, with real signals', () => {
    const script = fileURLToPath(new URL('./fixtures/script.ts', import.meta.url));
    const children: ChildProcess[] = [];
    afterEach(() => {
      // A failed test must not leave a child behind.
      for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    });

    it('exits with 0 on success and 1 on failure, printing the error to stderr', async () => {
      const [succeeded, failed] = await Promise.all([runScript('succeed').exited, runScript('fail').exited]);
      expect(succeeded).toMatchObject({ code: 0, stderr: '' });
      expect(succeeded.stdout).toContain('result: looked up');
      expect(failed.code).toBe(1);
      expect(failed.stderr).toBe('Error: lookup failed\n');
      expect(failed.stdout).toContain('listeners: 0 0');
    });

    it('lets main wind down after the first SIGINT, then removes its listeners', async () => {
      const child = runScript('wind-down');
      await child.output('ready');
      child.process.kill('SIGINT');
      const { code, stdout } = await child.exited;
      expect(code).toBe(0);
      expect(stdout).toContain('result: stopped (Interrupted by SIGINT)');
      expect(stdout).toContain('listeners: 0 0');
    });

    it('exits with 130 and no stack when a SIGINT ends main by its abort', async () => {
      const child = runScript('interrupted');
      await child.output('ready');
      child.process.kill('SIGINT');
      const { code, stdout, stderr } = await child.exited;
      expect(code).toBe(130);
      expect(stderr).toBe('Received SIGINT, stopping (send it again to exit at once)\n');
      expect(stdout).toBe('ready\nresult: undefined\nlisteners: 0 0\n');
    });

    it('exits with 130 on a second SIGINT', async () => {
      const child = runScript('stubborn');
      await child.output('ready');
      child.process.kill('SIGINT');
      await child.output('aborted');
      child.process.kill('SIGINT');
      const { code, stdout } = await child.exited;
      expect(code).toBe(130);
      expect(stdout).not.toContain('result:');
    });

    function runScript(mode: string) {
      const child = spawn(process.execPath, ['--import', 'tsx', script, mode], {
        env: { ...process.env, DEBUG: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let stdout = '';
      let stderr = '';
      const waiting: Array<{ text: string; resolve: () => void }> = [];
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        for (const waiter of waiting) if (stdout.includes(waiter.text)) waiter.resolve();
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>(
        (resolve, reject) => {
          child.on('error', reject);
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        },
      );
      return {
        process: child as ChildProcess,
        exited,
        /** Resolves once the child has printed `text`, or rejects if it exits first. */
        output: (text: string) =>
          new Promise<void>((resolve, reject) => {
            if (stdout.includes(text)) return resolve();
            waiting.push({ text, resolve });
            exited.then(
              () => reject(new Error(`exited before printing ${text}: ${stdout}${stderr}`)),
              reject,
            );
          }),
      };
    }
  });
});
