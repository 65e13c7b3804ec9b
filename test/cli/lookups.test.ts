import { describe, expect, it } from 'vitest';
import { DEMO_INPUT_COUNT, DEMO_MISSING_COUNT, demoInputs } from '../../src/cli/demo.js';
import { InvalidInputError } from '../../src/cli/errors.js';
import { splitRegistryPath } from '../../src/cli/lookups.js';
import { createDataset } from '../../src/server/index.js';

describe('splitRegistryPath', () => {
  it('splits at the first slash: registries have none, repositories may', () => {
    expect(splitRegistryPath('registry.access.redhat.com/ubi9/ubi-minimal')).toEqual({
      registry: 'registry.access.redhat.com',
      repository: 'ubi9/ubi-minimal',
    });
    expect(splitRegistryPath('quay.io/a')).toEqual({ registry: 'quay.io', repository: 'a' });
  });

  it.each(['ubi9', '/ubi9', 'quay.io/', '', 'quay.io/a b'])('refuses %j', (input) => {
    expect(() => splitRegistryPath(input)).toThrow(InvalidInputError);
  });
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
