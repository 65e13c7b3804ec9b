// Writing results to stdout at the pace the reader takes them: a write that fills the stream's buffer waits for
// 'drain', which holds back the fan-out (it starts a lookup only when a result has been taken), so memory stays
// flat however slow the consumer of our output is.
import type { Writable } from 'node:stream';
import { OutputClosedError } from './errors.js';

export class OutputStream {
  readonly #stream: Writable;
  #failure: Error | undefined;

  constructor(stream: Writable) {
    this.#stream = stream;
    // Kept for good: without a listener, an EPIPE (`| head`) would be an uncaught exception.
    stream.on('error', (error: Error) => {
      this.#failure ??= error;
    });
  }

  /** Whether stdout went away; nothing is written after that. */
  get isClosed(): boolean {
    return this.#failure !== undefined || this.#stream.destroyed;
  }

  /** Writes the chunks, and waits for 'drain' when the stream's buffer is full. Throws OutputClosedError once the stream is gone. */
  async write(chunks: readonly string[]): Promise<void> {
    for (const chunk of chunks) {
      this.#throwIfClosed();
      if (!this.#stream.write(chunk)) await this.#drained();
    }
  }

  /** Resolves when the buffer has drained, or the stream has failed or closed (and will never drain). */
  #drained(): Promise<void> {
    const stream = this.#stream;
    return new Promise((resolve) => {
      const settle = () => {
        stream.off('drain', settle);
        stream.off('error', settle);
        stream.off('close', settle);
        resolve();
      };
      stream.on('drain', settle);
      stream.on('error', settle);
      stream.on('close', settle);
    });
  }

  #throwIfClosed(): void {
    if (this.isClosed) {
      const reason = (this.#failure as NodeJS.ErrnoException | undefined)?.code ?? 'closed';
      throw new OutputClosedError(`stdout was closed (${reason})`, { cause: this.#failure });
    }
  }
}
