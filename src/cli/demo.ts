// `--demo`: the embedded Pyxis started in this process, and, when no inputs are given, inputs taken from its
// dataset, so that `pyxis-gql repo --demo` shows a whole fan-out with nothing to set up.
import { type FaultOptions, type PyxisDataset, type PyxisServer, startPyxisServer } from '../server/index.js';

/** How many of the dataset's inputs the demo looks up: a couple of thousand. */
export const DEMO_INPUT_COUNT = 2000;
/** How many inputs that do not exist the demo mixes in, to show failed lookups (or `--skip-missing`). */
export const DEMO_MISSING_COUNT = 5;

export interface DemoServerOptions {
  latencyMs?: number | undefined;
  jitterMs?: number | undefined;
  seed?: number | undefined;
  faults?: FaultOptions | undefined;
}

export function startDemoServer(options: DemoServerOptions): Promise<PyxisServer> {
  return startPyxisServer({
    dataset: options.seed === undefined ? undefined : { seed: options.seed },
    latency: { ms: options.latencyMs ?? 0, jitterMs: options.jitterMs ?? 0 },
    faults: options.faults,
  });
}

/**
 * The demo's inputs for a command: the first `DEMO_INPUT_COUNT` repository paths or build NVRs of the dataset,
 * with `DEMO_MISSING_COUNT` made-up ones spread among them (so failures show up while the bar runs, not only at
 * the end). Empty for commands whose demo needs no inputs (`query`).
 */
export function demoInputs(command: string, dataset: PyxisDataset): string[] {
  let existing: string[];
  let missing: (n: number) => string;
  switch (command) {
    case 'repo':
      existing = dataset
        .repositoryPaths()
        .slice(0, DEMO_INPUT_COUNT)
        .map(({ registry, repository }) => `${registry}/${repository}`);
      missing = (n) => `registry.access.redhat.com/demo/does-not-exist-${n}`;
      break;
    case 'images':
      existing = dataset.nvrs().slice(0, DEMO_INPUT_COUNT);
      missing = (n) => `demo-does-not-exist-container-1.0-${n}`;
      break;
    default:
      return [];
  }
  const inputs: string[] = [];
  const every = Math.max(1, Math.floor(existing.length / DEMO_MISSING_COUNT));
  let made = 0;
  existing.forEach((input, index) => {
    inputs.push(input);
    if ((index + 1) % every === Math.floor(every / 2) && made < DEMO_MISSING_COUNT)
      inputs.push(missing(++made));
  });
  while (made < DEMO_MISSING_COUNT) inputs.push(missing(++made));
  return inputs;
}
