import { describe, expect, it } from 'vitest';
import { aContainerImage, aContainerRepository } from '../../src/testing/index.js';

describe('aContainerRepository', () => {
  it('builds a published Red Hat repository with every selected field', () => {
    expect(aContainerRepository()).toEqual({
      registry: 'registry.access.redhat.com',
      repository: 'ubi9/ubi',
      published: true,
      release_categories: ['Generally Available'],
      auto_rebuild_tags: ['latest'],
    });
  });

  it('takes overrides, lists replaced whole', () => {
    expect(aContainerRepository({ repository: 'rhel9/nginx-124', auto_rebuild_tags: [] })).toMatchObject({
      registry: 'registry.access.redhat.com',
      repository: 'rhel9/nginx-124',
      auto_rebuild_tags: [],
    });
    expect(aContainerRepository({ published: null }).published).toBeNull();
  });
});

describe('aContainerImage', () => {
  it('builds an image with a brew build, repositories, labels and an rpm manifest', () => {
    const image = aContainerImage();
    expect(image.brew?.build).toBe(`${image.brew?.package}-9.4-1123`);
    expect(image.repositories?.[0]?.tags?.map((tag) => tag?.name)).toContain('latest');
    expect(image.edges?.rpm_manifest?.data?.rpms?.map((rpm) => rpm?.name)).toEqual(['glibc', 'openssl-libs']);
    expect(image.parsed_data?.labels?.length).toBeGreaterThan(0);
  });

  it('merges nested overrides field by field', () => {
    const image = aContainerImage({ brew: { build: 'nginx-124-container-1-5' }, architecture: 'arm64' });
    expect(image.brew).toEqual({
      build: 'nginx-124-container-1-5',
      package: 'ubi9-container',
      completion_date: aContainerImage().brew?.completion_date,
    });
    expect(image.architecture).toBe('arm64');
    expect(aContainerImage({ edges: null }).edges).toBeNull();
    expect(aContainerImage({ content_sets: ['x'] }).content_sets).toEqual(['x']);
  });

  it('builds fresh objects each time', () => {
    const first = aContainerImage();
    first.repositories?.[0]?.tags?.push({ name: 'changed' });
    (first.brew as { build: string | null }).build = 'changed';
    expect(aContainerImage()).not.toEqual(first);
    expect(aContainerImage().brew?.build).toBe('ubi9-container-9.4-1123');
  });
});
