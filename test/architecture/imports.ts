// The import graph of a source tree, read with the TypeScript compiler's parser: every relative import, export
// `from`, `import type`, dynamic `import()` and `typeof import()` is an edge, type-only ones included (a cycle of
// types is still a cycle a reader has to follow round).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Paths relative to the root, with `/` separators: `src/execution/batch.ts`. */
  from: string;
  to: string;
}

/** Which folders a folder's modules may import (besides its own); `src/index.ts` is the folder `index`. */
export type FolderRules = Readonly<Record<string, readonly string[]>>;

/** Every `.ts` file under `dir`, relative to `root`. */
function sourceFiles(root: string, dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...sourceFiles(root, path));
    else if (entry.name.endsWith('.ts')) files.push(path);
  }
  return files.sort();
}

/** The module specifiers a file names, wherever it names one. */
function specifiersOf(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      specifiers.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** The import edges between the `.ts` files under `root/dir` (imports of packages and node: are not edges). */
export function importGraph(root: string, dir = 'src'): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const from of sourceFiles(root, dir)) {
    for (const specifier of specifiersOf(from, readFileSync(join(root, from), 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(root, dirname(from), specifier).replace(/\.js$/, '.ts');
      edges.push({ from, to: relative(root, target).split(sep).join('/') });
    }
  }
  return edges;
}

/** `src/execution/batch.ts` is in the folder `execution`; `src/index.ts` in the folder `index`. */
export function folderOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 ? (parts[1] as string) : 'index';
}

/** Each edge from one folder to another that `rules` does not allow, as `from -> to` lines. */
export function forbiddenImports(edges: readonly ImportEdge[], rules: FolderRules): string[] {
  const forbidden: string[] = [];
  for (const { from, to } of edges) {
    const source = folderOf(from);
    const target = folderOf(to);
    if (source === target) continue;
    const allowed = rules[source];
    if (allowed === undefined) forbidden.push(`${from}: folder "${source}" is not in the table`);
    else if (!allowed.includes(target))
      forbidden.push(`${from} -> ${to} ("${source}" may not import "${target}")`);
  }
  return forbidden;
}

/** The import cycles between files (Tarjan's strongly connected components), each as its sorted files. */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(file, Math.min(low.get(file) as number, low.get(to) as number));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file) as number, index.get(to) as number));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    const selfImport = (next.get(file) ?? []).includes(file);
    if (component.length > 1 || selfImport) cycles.push(component.sort());
  };
  for (const file of next.keys()) if (!index.has(file)) connect(file);
  return cycles;
}
