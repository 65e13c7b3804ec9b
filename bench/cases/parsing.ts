// What refusing over-deep response bodies costs: the client scans each body's brackets before graphql-request
// parses it. Measured against that JSON.parse, on real pages of the embedded server, with the build.
import type { Built } from '../built.js';
import { loadBuilt } from '../built.js';
import type { BenchCase, BenchRow } from '../harness.js';

type Scan = (text: string, limit: number) => boolean;

/** The body texts of one page of 50 images (rpm manifests included) and one of 50 repositories. */
async function pageBodies({ PyxisClient }: Built): Promise<Record<'images' | 'repositories', string>> {
  // Variables: the type checker must not look for dist/.
  const serverEntry = '../../dist/server/index.js';
  const operationsEntry = '../../dist/generated/graphql.js';
  const { startPyxisServer } = (await import(serverEntry)) as typeof import('../../src/server/index.js');
  const { FindImagesDocument } = (await import(
    operationsEntry
  )) as typeof import('../../src/generated/graphql.js');
  const server = await startPyxisServer({ dataset: { repositories: 100, imagesPerRepository: 2 } });
  try {
    let body = '';
    const fetch: typeof globalThis.fetch = async (url, init) => {
      const response = await globalThis.fetch(url, init);
      body = await response.clone().text();
      return response;
    };
    const pyxis = new PyxisClient({ url: server.url, fetch });
    await pyxis.findRepositories({}, { pageSize: 50 });
    const repositories = body;
    await pyxis.request(FindImagesDocument, { page: 0, page_size: 50, includeRpms: true });
    return { images: body, repositories };
  } finally {
    await server.close();
  }
}

/** The fastest per-call time of `fn` over `rounds` rounds of `calls` calls, in microseconds. */
function bestPerCall(fn: () => unknown, calls: number, rounds: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round <= rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) fn();
    const elapsed = Number(process.hrtime.bigint() - start) / 1e3 / calls;
    if (round > 0) best = Math.min(best, elapsed);
  }
  return best;
}

const parsing: BenchCase = {
  name: 'parsing',
  async run({ quick }) {
    const built = await loadBuilt();
    const entry = '../../dist/transport/body.js';
    const { nestsDeeperThan, MAX_RESPONSE_DEPTH } = (await import(entry)) as {
      nestsDeeperThan: Scan;
      MAX_RESPONSE_DEPTH: number;
    };
    const bodies = await pageBodies(built);
    const rows: BenchRow[] = [];
    for (const [page, text] of Object.entries(bodies)) {
      if (nestsDeeperThan(text, MAX_RESPONSE_DEPTH)) throw new Error(`a ${page} page counted as too deep`);
      const calls = quick ? 20 : Math.max(20, Math.round(20_000_000 / text.length));
      const rounds = quick ? 1 : 5;
      const parse = bestPerCall(() => JSON.parse(text), calls, rounds);
      const scan = bestPerCall(() => nestsDeeperThan(text, MAX_RESPONSE_DEPTH), calls, rounds);
      const ratio = scan / parse;
      rows.push({
        case: '7 parsing',
        metric: `depth check / JSON.parse, a page of 50 ${page} (${Math.round(text.length / 1024)} KiB)`,
        value: ratio,
        target: '<= 0.5',
        ok: ratio <= 0.5,
      });
    }
    return rows;
  },
};

export default parsing;
