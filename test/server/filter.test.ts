import { describe, expect, it } from 'vitest';
import { compileFilter, FilterError } from '../../src/server/filter.js';

const image = {
  brew: { build: 'nginx-122-container-1.2-5', package: 'nginx-122-container' },
  content_sets: ['rhel-9-for-x86_64-baseos-rpms', 'rhel-9-for-x86_64-appstream-rpms'],
  architecture: 'amd64',
  size: 42,
  repositories: [
    {
      registry: 'registry.access.redhat.com',
      repository: 'rhel9/nginx-122',
      published: false,
      tags: [{ name: 'latest' }],
    },
    {
      registry: 'quay.io',
      repository: 'rhel9/nginx-122',
      published: true,
      tags: [{ name: '1.2' }, { name: '1.2-5' }],
    },
  ],
  edges: { rpm_manifest: { data: { rpms: [{ name: 'glibc' }, { name: 'openssl-libs' }] } } },
};

function matches(filter: unknown, document: unknown = image, options = {}): boolean {
  return compileFilter(filter, options)(document);
}

describe('compileFilter', () => {
  it('matches everything without a filter', () => {
    expect(matches(null)).toBe(true);
    expect(matches(undefined)).toBe(true);
    expect(matches({})).toBe(true);
  });

  it('eq and ne compare a field', () => {
    expect(matches({ architecture: { eq: 'amd64' } })).toBe(true);
    expect(matches({ architecture: { eq: 'arm64' } })).toBe(false);
    expect(matches({ architecture: { ne: 'arm64' } })).toBe(true);
    expect(matches({ architecture: { ne: 'amd64' } })).toBe(false);
  });

  it('in and out test membership', () => {
    expect(matches({ architecture: { in: ['arm64', 'amd64'] } })).toBe(true);
    expect(matches({ architecture: { in: ['arm64'] } })).toBe(false);
    expect(matches({ architecture: { out: ['arm64'] } })).toBe(true);
    expect(matches({ architecture: { out: ['amd64'] } })).toBe(false);
    expect(matches({ architecture: { in: [] } })).toBe(false);
  });

  it('regex is case-sensitive, iregex is not', () => {
    expect(matches({ brew: { build: { regex: '^nginx-122-container-1\\.2-.*' } } })).toBe(true);
    expect(matches({ brew: { build: { regex: '^NGINX' } } })).toBe(false);
    expect(matches({ brew: { build: { iregex: '^NGINX' } } })).toBe(true);
  });

  it('le, lt, ge and gt compare numbers and strings of the same type', () => {
    expect(matches({ size: { gt: 41, lt: 43 } })).toBe(true);
    expect(matches({ size: { ge: 42, le: 42 } })).toBe(true);
    expect(matches({ size: { gt: 42 } })).toBe(false);
    expect(matches({ architecture: { ge: 'amd', lt: 'b' } })).toBe(true);
    expect(matches({ size: { gt: '1' } })).toBe(false);
  });

  it('combines several operators on one field with and', () => {
    expect(matches({ architecture: { ne: 'arm64', in: ['amd64'] } })).toBe(true);
    expect(matches({ architecture: { ne: 'amd64', in: ['amd64'] } })).toBe(false);
  });

  it('reads nested object filters as dotted paths', () => {
    expect(matches({ brew: { build: { in: ['x', 'nginx-122-container-1.2-5'] } } })).toBe(true);
    expect(matches({ brew: { package: { eq: 'httpd' } } })).toBe(false);
    expect(matches({ brew: { or: [{ package: { eq: 'httpd' } }, { build: { regex: '-5$' } }] } })).toBe(true);
  });

  it('matches a list field when any element matches', () => {
    expect(matches({ content_sets: { eq: 'rhel-9-for-x86_64-appstream-rpms' } })).toBe(true);
    expect(matches({ content_sets: { in: ['nope', 'rhel-9-for-x86_64-baseos-rpms'] } })).toBe(true);
    expect(matches({ content_sets: { ne: 'rhel-9-for-x86_64-baseos-rpms' } })).toBe(false);
    expect(matches({ content_sets: { out: ['nope'] } })).toBe(true);
    expect(matches({ repositories: { repository: { eq: 'rhel9/nginx-122' } } })).toBe(true);
    expect(matches({ repositories: { tags: { name: { in: ['1.2-5'] } } } })).toBe(true);
    expect(matches({ repositories: { tags: { name: { eq: 'nope' } } } })).toBe(false);
  });

  it('all needs every value among the list', () => {
    expect(
      matches({
        content_sets: { all: ['rhel-9-for-x86_64-baseos-rpms', 'rhel-9-for-x86_64-appstream-rpms'] },
      }),
    ).toBe(true);
    expect(matches({ content_sets: { all: ['rhel-9-for-x86_64-baseos-rpms', 'nope'] } })).toBe(false);
    expect(matches({ content_sets: { all: [] } })).toBe(false);
  });

  it('lets different elements satisfy the conditions of a nested list filter', () => {
    // published: true is quay.io's entry, registry.access.redhat.com is the other one.
    const filter = {
      repositories: { registry: { eq: 'registry.access.redhat.com' }, published: { eq: true } },
    };
    expect(matches(filter)).toBe(true);
  });

  it('_elemMatch needs one element to satisfy every condition', () => {
    const sameElement = (registry: string, published: boolean) => ({
      repositories_elemMatch: { and: [{ registry: { eq: registry } }, { published: { eq: published } }] },
    });
    expect(matches(sameElement('registry.access.redhat.com', true))).toBe(false);
    expect(matches(sameElement('registry.access.redhat.com', false))).toBe(true);
    expect(matches(sameElement('quay.io', true))).toBe(true);
  });

  it('nests _elemMatch inside _elemMatch (tags of one repository)', () => {
    const tagged = (registry: string, tag: string) => ({
      repositories_elemMatch: {
        and: [{ registry: { eq: registry } }, { tags_elemMatch: { and: [{ name: { in: [tag] } }] } }],
      },
    });
    expect(matches(tagged('quay.io', '1.2-5'))).toBe(true);
    expect(matches(tagged('quay.io', 'latest'))).toBe(false);
    expect(matches(tagged('registry.access.redhat.com', 'latest'))).toBe(true);
  });

  it('combines with and, or, nor and not', () => {
    const amd = { architecture: { eq: 'amd64' } };
    const arm = { architecture: { eq: 'arm64' } };
    expect(matches({ and: [amd, { size: { eq: 42 } }] })).toBe(true);
    expect(matches({ and: [amd, arm] })).toBe(false);
    expect(matches({ or: [arm, amd] })).toBe(true);
    expect(matches({ or: [arm] })).toBe(false);
    expect(matches({ nor: [arm] })).toBe(true);
    expect(matches({ nor: [arm, amd] })).toBe(false);
    expect(matches({ not: amd })).toBe(false);
    expect(matches({ not: arm })).toBe(true);
    expect(matches({ and: [] })).toBe(true);
  });

  it('reaches fields stored elsewhere through the paths option (rpm_manifest under edges)', () => {
    const paths = { rpm_manifest: ['edges', 'rpm_manifest', 'data'] };
    expect(matches({ rpm_manifest: { rpms: { name: { in: ['openssl-libs'] } } } }, image, { paths })).toBe(
      true,
    );
    expect(matches({ rpm_manifest: { rpms: { name: { in: ['bash'] } } } }, image, { paths })).toBe(false);
    expect(matches({ and: [{ rpm_manifest: { rpms: { name: { eq: 'glibc' } } } }] }, image, { paths })).toBe(
      true,
    );
    // Only top-level filter fields are renamed.
    expect(matches({ brew: { rpm_manifest: { rpms: { name: { eq: 'glibc' } } } } }, image, { paths })).toBe(
      false,
    );
  });

  it('treats a field the data lacks as missing instead of failing', () => {
    expect(matches({ no_such_field: { eq: 'x' } })).toBe(false);
    expect(matches({ no_such_field: { ne: 'x' } })).toBe(true);
    expect(matches({ no_such_field: { eq: null } })).toBe(true);
    expect(matches({ no_such: { nested: { in: ['x'] } } })).toBe(false);
    expect(matches({ no_such_elemMatch: { and: [{ a: { eq: 1 } }] } })).toBe(false);
  });

  it('ignores conditions set to null, as GraphQL passes unset input fields', () => {
    expect(matches({ architecture: null, brew: { build: null } })).toBe(true);
    expect(matches({ architecture: { eq: 'amd64', ne: undefined } })).toBe(true);
  });

  it('rejects a filter it cannot run with a FilterError', () => {
    expect(() => compileFilter({ brew: { build: { regex: '(' } } })).toThrow(FilterError);
    expect(() => compileFilter({ architecture: { in: 'amd64' } })).toThrow(FilterError);
    expect(() => compileFilter({ and: { architecture: { eq: 'amd64' } } })).toThrow(FilterError);
    expect(() => compileFilter('nope')).toThrow(FilterError);
  });
});
