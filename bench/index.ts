// `npm run bench [-- --quick] [-- case-name ...]`: runs the benchmark cases and prints one table of ratios,
// each measured against a baseline in the same run.
import { build } from './built.js';
import type { BenchCase, BenchRow } from './harness.js';

const caseModules = [
  './cases/fanout.js',
  './cases/scheduler.js',
  './cases/client.js',
  './cases/memory.js',
  './cases/parsing.js',
  './cases/traffic.js',
  './cases/compression.js',
  './cases/distributed.js',
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args.filter((arg) => !arg.startsWith('--'));
  const rows: BenchRow[] = [];
  build();
  for (const path of caseModules) {
    let benchCase: BenchCase;
    try {
      benchCase = (await import(path)).default as BenchCase;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') continue;
      throw error;
    }
    if (only.length > 0 && !only.includes(benchCase.name)) continue;
    process.stderr.write(`running ${benchCase.name}${quick ? ' (quick)' : ''}...\n`);
    rows.push(...(await benchCase.run({ quick })));
  }
  printTable(rows, quick);
  if (!quick && rows.some((row) => row.ok === false)) process.exitCode = 1;
}

function printTable(rows: BenchRow[], quick: boolean): void {
  const header = ['case', 'metric', 'value', 'target', 'met'];
  const body = rows.map((row) => [
    row.case,
    row.metric,
    `${formatNumber(row.value)}${row.unit ? ` ${row.unit}` : ''}`,
    row.target ?? '',
    row.ok === undefined ? '' : quick ? '(quick)' : row.ok ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...body.map((cells) => cells[i]?.length ?? 0)),
  );
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const cells of body) console.log(line(cells));
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

await main();
