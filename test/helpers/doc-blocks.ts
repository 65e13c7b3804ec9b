// The TypeScript blocks of a markdown page, typechecked as a user's project would compile them: strict,
// exactOptionalPropertyTypes, NodeNext, with the package's own names (`pyxis-gql`, `pyxis-gql/testing`...)
// pointed at the sources. Each block is a module of its own, so a block must carry its own imports.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface DocBlock {
  /** The page, relative to the package root. */
  page: string;
  /** The line of the opening fence, 1-based. */
  line: number;
  code: string;
}

/** Every ```ts block of the page, in order. */
export function typeScriptBlocks(page: string): DocBlock[] {
  const lines = readFileSync(new URL(page, `file://${ROOT}`), 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i] as string)) continue;
    const start = i;
    const code: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).startsWith('```'); i++) code.push(lines[i] as string);
    blocks.push({ page, line: start + 1, code: `${code.join('\n')}\n` });
  }
  return blocks;
}

export const USER_COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  skipLibCheck: true,
  noEmit: true,
  paths: {
    'pyxis-gql': [`${ROOT}src/index.ts`],
    'pyxis-gql/*': [`${ROOT}src/*/index.ts`],
  },
};

/**
 * The compiler's complaints about each block, as `page:line: message` (lines counted in the page), none when all
 * compile. The blocks are served from memory at paths inside test/, so that packages resolve from node_modules.
 */
export function typecheckBlocks(blocks: readonly DocBlock[]): string[] {
  const files = new Map<string, DocBlock>();
  blocks.forEach((block, index) => {
    files.set(`${ROOT}test/__doc_block_${index}.ts`, block);
  });
  const host = ts.createCompilerHost(USER_COMPILER_OPTIONS);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => files.get(name)?.code ?? readFile(name);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    const block = files.get(name);
    return block ? ts.createSourceFile(name, block.code, language) : getSourceFile(name, language, ...rest);
  };
  const program = ts.createProgram([...files.keys()], USER_COMPILER_OPTIONS, host);
  const problems: string[] = [];
  for (const [name, block] of files) {
    const source = program.getSourceFile(name);
    if (!source) throw new Error(`${block.page}:${block.line}: the block was not compiled`);
    for (const diagnostic of [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ]) {
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      problems.push(`${block.page}:${block.line + 1 + line}: TS${diagnostic.code} ${message}`);
    }
  }
  return problems;
}
