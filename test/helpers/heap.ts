import { runScript } from './process.js';

/**
 * Memory tests run their load in a child process started with `--expose-gc`: the heap of the test runner itself
 * holds whatever the other tests left, and only a collection forced at two points of one run tells retained memory
 * from garbage not yet collected.
 */

const MARK = 'heap-used ';

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('heap reports need node --expose-gc');
  gc();
}

/** In the fixture: collects garbage until the heap stops shrinking, then prints `heap-used <label> <bytes>`. */
export async function reportHeap(label: string): Promise<void> {
  let used = Number.POSITIVE_INFINITY;
  // Finalizers and weak references are cleared across turns: collect until nothing more goes.
  for (let round = 0; round < 10; round += 1) {
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
    const now = process.memoryUsage().heapUsed;
    if (now >= used) break;
    used = now;
  }
  process.stdout.write(`${MARK}${label} ${used}\n`);
}

/** The same without leaving the current turn, for a fixture that measures from inside synchronous code. */
export function reportHeapNow(label: string): void {
  collectGarbage();
  collectGarbage();
  process.stdout.write(`${MARK}${label} ${process.memoryUsage().heapUsed}\n`);
}

/** In the test: runs `script` (TypeScript, through tsx) with `--expose-gc` and returns each label's heap in MB. */
export async function measureHeap(
  script: string,
  args: readonly string[] = [],
): Promise<Record<string, number>> {
  const { code, stdout, stderr } = await runScript(script, { nodeArgs: ['--expose-gc'], args });
  if (code !== 0) throw new Error(`${script} exited with ${code}:\n${stderr}`);
  const heaps: Record<string, number> = {};
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(MARK)) continue;
    const [label, bytes] = line.slice(MARK.length).split(' ');
    if (label !== undefined) heaps[label] = Number(bytes) / 1e6;
  }
  return heaps;
}
