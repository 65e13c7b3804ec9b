// The benchmarks measure the package as users run it: the build in dist/ (made by bench/index.ts before any case
// runs), typed as its sources.
import { execFileSync } from 'node:child_process';

export type Built = typeof import('../src/index.js');
export type BuiltBullmq = typeof import('../src/bullmq/index.js');

/** Builds dist/ from the sources. */
export function build(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

/** The built package's main entry point. */
export async function loadBuilt(): Promise<Built> {
  const entry = '../dist/index.js'; // a variable: the type checker must not look for dist/
  return (await import(entry)) as Built;
}

/** The built `pyxis-gql/bullmq` entry point. */
export async function loadBuiltBullmq(): Promise<BuiltBullmq> {
  const entry = '../dist/bullmq/index.js';
  return (await import(entry)) as BuiltBullmq;
}
