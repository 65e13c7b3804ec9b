// The TypeScript blocks of the documentation (README.md and docs/*.md), as modules a user's project would compile.
// Each block is a module of its own, so it carries its own imports, except a block marked `<!-- fragment -->` (an
// HTML comment on the line before its fence, invisible on the rendered page): it shows a step of the example above
// it, so it is compiled after the page's blocks since the last whole example, and it is typechecked but not run.
// A comment `// → text` claims a line the example prints: the run checks it.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The marker of a block that is typechecked but not run. */
export const FRAGMENT_MARKER = '<!-- fragment -->';

export interface DocBlock {
  /** The page, relative to the package root. */
  page: string;
  /** The line of the opening fence, 1-based. */
  line: number;
  code: string;
  /** Marked `<!-- fragment -->`: a step of the example above it. */
  fragment: boolean;
}

/** README.md and every page of docs/, in a stable order. */
export function documentationPages(): string[] {
  const pages = readdirSync(new URL('docs/', `file://${ROOT}`))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...pages];
}

/** Every ```ts block of the page, in order, indented ones (in a list item) included, their indentation removed. */
export function typeScriptBlocks(page: string, text = readFileSync(`${ROOT}${page}`, 'utf8')): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^( *)```(ts|typescript)\s*$/.exec(lines[i] as string);
    if (!fence) continue;
    const indent = (fence[1] as string).length;
    const start = i;
    let before = start - 1;
    while (before >= 0 && (lines[before] as string).trim() === '') before--;
    const fragment = before >= 0 && (lines[before] as string).trim() === FRAGMENT_MARKER;
    const code: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).trimStart().startsWith('```'); i++) {
      code.push((lines[i] as string).slice(Math.min(indent, leadingSpaces(lines[i] as string))));
    }
    if (i >= lines.length) throw new Error(`${page}:${start + 1}: the block is never closed`);
    blocks.push({ page, line: start + 1, code: `${code.join('\n')}\n`, fragment });
  }
  return blocks;
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length;
}

/** A compilation unit: a whole example, or a fragment after the example it continues. */
export interface DocModule {
  /** A file name for it, unique across the pages: `docs-fanout.md-L151.ts`. */
  file: string;
  /** The block it is named after (the fragment, for a fragment's module). */
  block: DocBlock;
  code: string;
  /** How it runs: as a script, as a vitest test file (it imports vitest), or not (a fragment). */
  run: 'script' | 'vitest' | false;
  /** The lines the block claims to print (its `// → text` comments), in order. */
  prints: string[];
  /** Where each line of `code` comes from, as `page:line`. */
  origin(line: number): string;
}

/**
 * The modules of the pages' blocks: each whole example alone, each fragment after the page's blocks since its last
 * whole example. A fragment with no example before it on its page is an error.
 */
export function docModules(blocks: readonly DocBlock[]): DocModule[] {
  const modules: DocModule[] = [];
  let chain: DocBlock[] = [];
  for (const block of blocks) {
    if (chain[0]?.page !== block.page) chain = [];
    if (!block.fragment) chain = [];
    else if (chain.length === 0)
      throw new Error(`${block.page}:${block.line}: a fragment with no example before it`);
    chain.push(block);
    modules.push(toModule([...chain]));
  }
  return modules;
}

function toModule(chain: DocBlock[]): DocModule {
  const block = chain[chain.length - 1] as DocBlock;
  const origins: string[] = [];
  for (const part of chain) {
    const count = part.code.split('\n').length - 1;
    for (let line = 1; line <= count; line++) origins.push(`${part.page}:${part.line + line}`);
  }
  const runner = /from ['"]vitest['"]/.test(block.code) ? 'vitest' : 'script';
  return {
    file: `${block.page.replaceAll('/', '-')}-L${block.line}${runner === 'vitest' ? '.test' : ''}.ts`,
    block,
    code: chain.map((part) => part.code).join(''),
    run: block.fragment ? false : runner,
    prints: [...block.code.matchAll(/\/\/ → (.*)$/gm)].map((match) => (match[1] as string).trim()),
    origin: (line) => origins[line - 1] ?? `${block.page}:${block.line}`,
  };
}
