import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, test } from 'vitest';
import {
  DocumentMerger,
  MERGED_OPERATION_NAME,
  parseMergedName,
  splitMergedVariables,
} from '../../src/execution/merge.js';
import {
  FindImagesByNvrDocument,
  GetRepositoryByRegistryPathDocument,
  PingDocument,
} from '../../src/generated/graphql.js';

const schema = buildSchema(readFileSync(new URL('../../schema/pyxis.graphql', import.meta.url), 'utf8'));

describe('DocumentMerger', () => {
  test('merges lookups into one valid document: root fields aliased, variables renamed apart', () => {
    const merger = new DocumentMerger();
    const merged = merger.merge([
      { document: GetRepositoryByRegistryPathDocument, variables: { registry: 'r', repository: 'a' } },
      { document: GetRepositoryByRegistryPathDocument, variables: { registry: 'r', repository: 'b' } },
      {
        document: FindImagesByNvrDocument,
        variables: { nvr: 'x-1-1', includeRpms: false, page: 0, page_size: 5 },
      },
    ]);
    expect(merged.members).toEqual([0, 1, 2]);
    expect(merged.loners).toEqual([]);
    expect(validate(schema, parse(merged.document))).toEqual([]);
    expect(merged.variables).toEqual({
      b0_registry: 'r',
      b0_repository: 'a',
      b1_registry: 'r',
      b1_repository: 'b',
      b2_nvr: 'x-1-1',
      b2_includeRpms: false,
      b2_page: 0,
      b2_page_size: 5,
    });
    expect(merged.document).toContain(
      'b0_get_repository_by_registry_path:get_repository_by_registry_path(registry:$b0_registry repository:$b0_repository)',
    );
    // The shared fragment reads $includeRpms: each lookup carries its own inlined copy reading its own variable.
    expect(merged.document).toContain('@include(if:$b2_includeRpms)');
  });

  test("splits the answer back into each lookup's own field names", () => {
    const merger = new DocumentMerger();
    merger.merge([
      { document: PingDocument, variables: {} },
      { document: PingDocument, variables: {} },
    ]);
    const data = { b0_get_ping: 'first', b1_get_ping: 'second' };
    expect(merger.dataOf(0, PingDocument, data)).toEqual({ get_ping: 'first' });
    expect(merger.dataOf(1, PingDocument, data)).toEqual({ get_ping: 'second' });
  });

  test('gives each lookup only its own errors, with its own path', () => {
    const merger = new DocumentMerger();
    const errors = [
      { message: 'a', path: ['b1_get_ping'] },
      { message: 'b', path: ['b10_get_ping', 'x'] },
    ];
    expect(merger.errorsOf(1, errors)).toEqual([{ message: 'a', path: ['get_ping'] }]);
    expect(merger.errorsOf(10, errors)).toEqual([{ message: 'b', path: ['get_ping', 'x'] }]);
    expect(merger.errorsOf(0, errors)).toEqual([]);
  });

  test('keeps aliases the caller chose, and strings are merged too', () => {
    const merger = new DocumentMerger();
    const query =
      'query Two($r: String) { one: get_ping two: get_repository_by_registry_path(registry: $r, repository: "x") { data { registry } } }';
    const merged = merger.merge([
      { document: query, variables: { r: 'reg', unused: 1 } },
      { document: PingDocument, variables: {} },
    ]);
    expect(validate(schema, parse(merged.document))).toEqual([]);
    expect(merged.variables).toEqual({ b0_r: 'reg' });
    expect(merger.dataOf(0, query, { b0_one: 'pong', b0_two: { data: null } })).toEqual({
      one: 'pong',
      two: { data: null },
    });
  });

  test('sends alone what cannot be merged: syntax errors, mutations, several operations', () => {
    const merger = new DocumentMerger();
    const merged = merger.merge([
      { document: 'INVALID QUERY', variables: {} },
      { document: PingDocument, variables: {} },
      { document: 'mutation M { x }', variables: {} },
      { document: 'query A { get_ping } query B { get_ping }', variables: {} },
      { document: PingDocument, variables: {} },
    ]);
    expect(merged.loners).toEqual([0, 2, 3]);
    expect(merged.members).toEqual([1, 4]);
    expect(validate(schema, parse(merged.document))).toEqual([]);
  });
});

describe('merged names, read back', () => {
  test('a merged document is named MERGED_OPERATION_NAME', () => {
    const merged = new DocumentMerger().merge([
      { document: PingDocument, variables: {} },
      { document: GetRepositoryByRegistryPathDocument, variables: { registry: 'r', repository: 'a' } },
    ]);
    expect(merged.document.startsWith(`query ${MERGED_OPERATION_NAME}(`)).toBe(true);
  });

  test('parseMergedName gives the lookup index and its own name, or undefined', () => {
    expect(parseMergedName('b0_get_ping')).toEqual({ index: 0, name: 'get_ping' });
    expect(parseMergedName('b12_page_size')).toEqual({ index: 12, name: 'page_size' });
    expect(parseMergedName('b1_0_x')).toEqual({ index: 1, name: '0_x' });
    for (const name of ['get_ping', 'b_x', 'b01_x', 'b1_', 'c1_x'])
      expect(parseMergedName(name)).toBeUndefined();
  });

  test('splitMergedVariables undoes the prefixes of merge()', () => {
    const lookups = [
      { document: GetRepositoryByRegistryPathDocument, variables: { registry: 'r', repository: 'a' } },
      { document: PingDocument, variables: {} },
      { document: FindImagesByNvrDocument, variables: { nvr: 'x-1-1', includeRpms: false, page: 0 } },
    ];
    const merged = new DocumentMerger().merge(lookups);
    const parts = splitMergedVariables({ ...merged.variables, stray: 1 });
    expect(parts.get(0)).toEqual(lookups[0]?.variables);
    expect(parts.get(1)).toBeUndefined();
    expect(parts.get(2)).toEqual(lookups[2]?.variables);
    expect([...parts.keys()].sort()).toEqual([0, 2]);
  });
});
