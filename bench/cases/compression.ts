// Compressed responses: bytes on the wire and wall time of 1,000 image lookups (rpm manifests included) against
// the embedded server in its own process (it compresses answers of 1 KiB or more with br or gzip, as asked), with
// the client asking for no compression, for gzip only, and for what it asks by default (gzip, br: the server
// picks br). The bytes are the response bodies as sent.
import { createDataset } from '../../src/server/index.js';
import { loadBuilt } from '../built.js';
import { type BenchCase, type BenchRow, bestOfInterleaved } from '../harness.js';
import { startServerProcess } from '../server-process.js';

const REPOSITORIES = 2000;

const compression: BenchCase = {
  name: 'compression',
  async run({ quick }): Promise<BenchRow[]> {
    const { PyxisClient, gather } = await loadBuilt();
    const count = quick ? 100 : 1_000;
    const nvrs = createDataset({ repositories: REPOSITORIES }).nvrs().slice(0, count);
    if (nvrs.length < count) throw new Error(`the dataset has only ${nvrs.length} NVRs`);
    const server = await startServerProcess(0, REPOSITORIES, undefined, true);
    const bytesSent = async () => (await server.stats()).responseBodyBytes;
    try {
      const modes = { identity: 'identity', gzip: 'gzip', default: undefined } as const;
      const bytes: Record<string, number> = {};
      /** The client's own CPU time (user + system) of the last run of each mode: the server's is not in it. */
      const cpu: Record<string, number> = {};
      const runners = Object.fromEntries(
        Object.entries(modes).map(([name, acceptEncoding]) => {
          const pyxis = new PyxisClient({
            url: server.url,
            maxConcurrency: 16,
            ...(acceptEncoding && { headers: { 'accept-encoding': acceptEncoding } }),
          });
          return [
            name,
            async () => {
              const before = await bytesSent();
              const cpuBefore = process.cpuUsage();
              const images = await gather(
                nvrs.map((nvr) => () => pyxis.findImagesByNvr(nvr)),
                { concurrency: 16 },
              );
              const used = process.cpuUsage(cpuBefore);
              cpu[name] = (used.user + used.system) / 1000;
              bytes[name] = (await bytesSent()) - before;
              return images.length;
            },
          ];
        }),
      ) as Record<keyof typeof modes, () => Promise<number>>;
      const wall = await bestOfInterleaved(runners, quick ? 1 : 3, count);
      const mb = (name: string) => (bytes[name] as number) / 1e6;
      const rows: BenchRow[] = [];
      for (const [name, label] of [
        ['identity', 'accept-encoding: identity'],
        ['gzip', 'accept-encoding: gzip'],
        ['default', 'default (gzip, br; server picks br)'],
      ] as const) {
        rows.push({
          case: '5 compression',
          metric: `${count} image lookups, ${label}: MB sent by the server, wall, client CPU`,
          value: mb(name),
          unit: `MB, ${Math.round(wall[name])} ms, ${Math.round(cpu[name] as number)} ms`,
        });
      }
      rows.push(
        {
          case: '5 compression',
          metric: 'bytes on the wire: identity / gzip',
          value: (bytes.identity as number) / (bytes.gzip as number),
        },
        {
          case: '5 compression',
          metric: 'bytes on the wire: identity / default (br)',
          value: (bytes.identity as number) / (bytes.default as number),
        },
        {
          case: '5 compression',
          metric: 'wall time on loopback (no bandwidth limit): default (br) / identity',
          value: wall.default / wall.identity,
        },
      );
      return rows;
    } finally {
      await server.stop();
    }
  },
};

export default compression;
