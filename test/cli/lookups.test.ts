import { describe, expect, it } from 'vitest';
import { DEMO_INPUT_COUNT, DEMO_MISSING_COUNT, demoInputs } from '../../src/cli/demo.js';
import { InvalidInputError } from '../../src/cli/errors.js';
import { looksLikeNvr, splitRegistryPath } from '../../src/cli/lookups.js';
import { createDataset } from '../../src/server/index.js';

describe('splitRegistryPath', () => {
  it('splits at the first slash: registries have none, repositories may', () => {
    expect(splitRegistryPath('registry.access.redhat.com/ubi9/ubi-minimal')).toEqual({
      registry: 'registry.access.redhat.com',
      repository: 'ubi9/ubi-minimal',
    });
    expect(splitRegistryPath('quay.io/a')).toEqual({ registry: 'quay.io', repository: 'a' });
    expect(splitRegistryPath('localhost:5000/team/app_1.2-x')).toEqual({
      registry: 'localhost:5000',
      repository: 'team/app_1.2-x',
    });
  });

  it.each([
    ['ubi9', 'no "/" between registry and repository'],
    ['/ubi9', 'no registry before the first "/"'],
    ['quay.io/', 'no repository after the first "/"'],
    ['', 'an empty input'],
    ['quay.io/a b', 'whitespace'],
    ['quay.io/a\u0000b', 'control character'],
    ['registry.access.redhat.com//ubi9', 'an empty path segment'],
    ['registry.access.redhat.com/ubi9//ubi', 'an empty path segment'],
    ['registry.access.redhat.com/ubi9/', 'an empty path segment'],
    ['https://registry.access.redhat.com/ubi9', 'a URL'],
    ['registry.access.redhat.com/ubi9/ubi:9.4', 'a tag or digest'],
    ['registry.access.redhat.com/ubi9/ubi@sha256:abc', 'a tag or digest'],
    ['bad_registry/ubi9', 'the registry is not a host name'],
    ['-quay.io/ubi9', 'the registry is not a host name'],
    [`${'a'.repeat(254)}/ubi9`, 'host name is longer than 253'],
    [`quay.io/${'a'.repeat(256)}`, 'longer than 255 characters'],
  ])('refuses %j: %s', (input, reason) => {
    expect(() => splitRegistryPath(input)).toThrow(InvalidInputError);
    expect(() => splitRegistryPath(input)).toThrow(reason);
  });

  it('quotes a long input cut, with its length', () => {
    const input = `quay.io/${'a'.repeat(10_000)} b`;
    const message = (() => {
      try {
        splitRegistryPath(input);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain('… (10,010 characters)');
    expect(message?.length).toBeLessThan(1200);
  });
});

describe('looksLikeNvr', () => {
  it.each(['ubi9-container-9.4-1123', 'ose-cli-container-v4.12.0-202301042354.p0', 'a-1-1'])(
    '%s: yes',
    (input) => {
      expect(looksLikeNvr(input)).toBe(true);
    },
  );

  it.each(['registry.access.redhat.com/ubi9', 'no-slash', 'a-b-c', 'ubi9-9.4', 'a b-1-1'])(
    '%s: no',
    (input) => {
      expect(looksLikeNvr(input)).toBe(false);
    },
  );
});

describe('demoInputs', () => {
  const dataset = createDataset({ repositories: 2100 });

  it('takes a couple of thousand repository paths from the dataset, with a few missing ones among them', () => {
    const inputs = demoInputs('repo', dataset);
    expect(inputs).toHaveLength(DEMO_INPUT_COUNT + DEMO_MISSING_COUNT);
    const missing = inputs.filter((input) => {
      const { registry, repository } = splitRegistryPath(input);
      return dataset.findRepository(registry, repository) === undefined;
    });
    expect(missing).toHaveLength(DEMO_MISSING_COUNT);
    // Spread out, so that failures show while the bar runs rather than all at the end.
    expect(inputs.indexOf(missing[0] as string)).toBeLessThan(inputs.length / 2);
    expect(new Set(inputs).size).toBe(inputs.length);
  });

  it('takes build NVRs for images, and nothing for query', () => {
    const inputs = demoInputs('images', dataset);
    expect(inputs).toHaveLength(DEMO_INPUT_COUNT + DEMO_MISSING_COUNT);
    expect(inputs.filter((nvr) => dataset.findImagesByNvr(nvr).length === 0)).toHaveLength(
      DEMO_MISSING_COUNT,
    );
    expect(demoInputs('query', dataset)).toEqual([]);
  });

  it('still adds every missing input to a small dataset', () => {
    const inputs = demoInputs('repo', createDataset({ repositories: 3 }));
    expect(inputs).toHaveLength(3 + DEMO_MISSING_COUNT);
  });
});
