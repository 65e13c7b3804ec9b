// Fixture builders for tests: complete, plausible objects of the shapes our operations select (codegen types),
// with any part overridden. Each call builds fresh objects, so a test may change its fixture freely.
import type { PyxisImage, PyxisRepository } from '../pyxis/index.js';

/** Objects are merged field by field; lists and scalars given in overrides replace the default. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A published, generally available Red Hat repository (`registry.access.redhat.com/ubi9/ubi`). */
export function aContainerRepository(overrides: DeepPartial<PyxisRepository> = {}): PyxisRepository {
  return merge<PyxisRepository>(
    {
      registry: 'registry.access.redhat.com',
      repository: 'ubi9/ubi',
      published: true,
      release_categories: ['Generally Available'],
      auto_rebuild_tags: ['latest'],
    },
    overrides,
  );
}

/** An amd64 image of the brew build `ubi9-container-9.4-1123`, published in ubi9/ubi, with a small rpm manifest. */
export function aContainerImage(overrides: DeepPartial<PyxisImage> = {}): PyxisImage {
  return merge<PyxisImage>(
    {
      _id: '65f1c0de0a1b2c3d4e5f6a7b',
      architecture: 'amd64',
      brew: {
        build: 'ubi9-container-9.4-1123',
        package: 'ubi9-container',
        completion_date: '2024-05-02T10:20:30+00:00',
      },
      content_sets: ['rhel-9-for-x86_64-baseos-rpms', 'rhel-9-for-x86_64-appstream-rpms'],
      parent_brew_build: null,
      parsed_data: {
        labels: [
          { name: 'com.redhat.component', value: 'ubi9-container' },
          { name: 'name', value: 'ubi9/ubi' },
          { name: 'version', value: '9.4' },
          { name: 'release', value: '1123' },
        ],
      },
      repositories: [
        {
          registry: 'registry.access.redhat.com',
          repository: 'ubi9/ubi',
          published: true,
          push_date: '2024-05-02T14:00:00+00:00',
          tags: [{ name: 'latest' }, { name: '9.4' }, { name: '9.4-1123' }],
        },
      ],
      edges: {
        rpm_manifest: {
          data: {
            image_id: 'sha256:5a1ddf3cbbe1a3a3e3b9f0b0e8bd0ad7a1ab5a3c0de2a2d54b31c3e4f5a6b7c8',
            rpms: [
              {
                name: 'glibc',
                nvra: 'glibc-2.34-100.el9_4.2.x86_64',
                srpm_name: 'glibc',
                srpm_nevra: 'glibc-0:2.34-100.el9_4.2.src',
              },
              {
                name: 'openssl-libs',
                nvra: 'openssl-libs-3.0.7-27.el9.x86_64',
                srpm_name: 'openssl',
                srpm_nevra: 'openssl-1:3.0.7-27.el9.src',
              },
            ],
          },
        },
      },
    },
    overrides,
  );
}

function merge<T>(base: T, overrides: DeepPartial<T> | undefined): T {
  if (overrides === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) merged[key] = merge(base[key], value as DeepPartial<unknown>);
  }
  return merged as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
