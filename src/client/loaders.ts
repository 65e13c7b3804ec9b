// DataLoader's interface over a PyxisClient: `load` / `loadMany` / `prime` / `clear` / `clearAll` for the lookups
// service code makes by key. There is no second batching engine here: a load is the client's own method call, so
// loads of one tick travel as one request when the client batches, identical loads share one request, and results
// are cached, primed and cleared in the client's own cache.
import type { Lookup } from '../execution/index.js';
import type { PyxisImage, PyxisRepository, RegistryPath } from '../pyxis/index.js';
import { checkBoolean, checkOptionsObject, InvalidOptionError, optionNames } from '../shared/options.js';
import { LookupMethods, PyxisClient } from './client.js';
import { sharedResultsOf } from './shared-results.js';

/** A keyed view of one lookup, with DataLoader's method names. */
export interface PyxisLoader<K, V> {
  /** The value for `key`: the client's lookup, batched with the other loads of the tick when the client batches. */
  load(key: K): Promise<V>;
  /** The values for `keys`, in order; a key whose lookup failed gets its Error in place (as in DataLoader). */
  loadMany(keys: readonly K[]): Promise<Array<V | Error>>;
  /** Serves `value` for `key` from now on, unless a value is cached or being fetched (use `clear(key)` first). */
  prime(key: K, value: V): this;
  /** Forgets the value of `key` (cached, primed or being fetched): the next load asks Pyxis again. */
  clear(key: K): this;
  /** Forgets every value of this loader's lookup. */
  clearAll(): this;
}

export interface PyxisLoaders {
  /** `getRepositoryByPath`: the repository at a registry path, or null when Pyxis has none there. */
  repositoryByPath: PyxisLoader<RegistryPath, PyxisRepository | null>;
  /** `findImagesByNvr`: the images of a brew build (an empty list when there are none). */
  imagesByNvr: PyxisLoader<string, PyxisImage[]>;
}

export interface LoadersOptions {
  /** Whether `imagesByNvr` reads each image's rpm manifest (large), as `findImagesByNvr` does. Default true. */
  includeRpms?: boolean;
}

const LOADERS_OPTIONS = optionNames<LoadersOptions>({ includeRpms: true });

/**
 * Loaders over this client's batching, in-flight sharing and cache. Make the client with `batch: true` for loads
 * of one tick to travel together, and with `cache` for loaded values to be kept (a primed value is kept until the
 * cache's `ttlMs` passes; without a cache, until it is cleared).
 */
export function createLoaders(pyxis: PyxisClient, options: LoadersOptions = {}): PyxisLoaders {
  const shared = sharedResultsOf(pyxis);
  if (!(pyxis instanceof PyxisClient) || !shared) {
    throw new InvalidOptionError(
      'pyxis',
      pyxis,
      'a PyxisClient',
      'createLoaders(new PyxisClient({ batch: true }))',
    );
  }
  checkOptionsObject(options, LOADERS_OPTIONS, 'createLoaders options');
  const includeRpms = checkBoolean('includeRpms', options.includeRpms) ?? true;
  // The lookups the client's methods would run for a key, with the client's paging: their keys are the cache's.
  const describe = new LookupMethods(shared.paging);
  const lookup = (described: unknown) => described as Lookup<unknown>;
  const { sharing } = shared;
  const loader = <K, V>(
    kind: string,
    load: (key: K) => Promise<V>,
    lookupOf: (key: K) => Lookup<unknown>,
  ) => {
    const view: PyxisLoader<K, V> = {
      load,
      loadMany: (keys) => {
        if (!Array.isArray(keys)) {
          return Promise.reject(new TypeError(`loadMany: "keys" must be an array, got ${typeof keys}`));
        }
        return Promise.all(keys.map((key) => load(key).catch(asError)));
      },
      prime(key, value) {
        sharing.prime(lookupOf(key), value);
        return view;
      },
      clear(key) {
        sharing.forget(lookupOf(key));
        return view;
      },
      clearAll() {
        sharing.forgetKind(kind);
        return view;
      },
    };
    return view;
  };
  return {
    repositoryByPath: loader<RegistryPath, PyxisRepository | null>(
      'getRepositoryByPath',
      (path) => pyxis.getRepositoryByPath(path),
      (path) => lookup(describe.getRepositoryByPath(path)),
    ),
    imagesByNvr: loader<string, PyxisImage[]>(
      'findImagesByNvr',
      (nvr) => pyxis.findImagesByNvr(nvr, { includeRpms }),
      (nvr) => lookup(describe.findImagesByNvr(nvr, { includeRpms })),
    ),
  };
}

/** DataLoader's loadMany puts Errors in the list; a rejection with anything else is wrapped in one. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error), { cause: error });
}
