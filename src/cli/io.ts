import type { Readable, Writable } from 'node:stream';
import type { SignalProcess } from './interrupt.js';

/** What the CLI touches of its process: the real one in main.ts. */
export interface CliIO {
  readonly stdin: Readable;
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly process: SignalProcess;
}
