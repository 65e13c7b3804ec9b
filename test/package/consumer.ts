// Packing the project as a clean clone would, and installing the tarball into a consumer project with npm,
// offline: the dependencies come from the npm cache that `npm ci` filled.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const projectRoot = new URL('../..', import.meta.url).pathname;

/** What a clone does not have: installed or built files, and the local state of tools. */
const NOT_IN_A_CLONE = new Set(['node_modules', 'dist', '.git', 'coverage', '.vitest']);

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

export interface PackageJson {
  name: string;
  version: string;
  bin?: Record<string, string>;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, unknown>;
  engines?: Record<string, string>;
  license?: string;
}

export async function run(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`, {
      cause: error,
    });
  }
}

/**
 * Copies the project without what a clone lacks (node_modules, dist, .git), links in the installed dependencies,
 * and runs `npm pack` there: the package must build itself. Resolves to the tarball's path.
 */
export async function packCleanCopy(workDir: string): Promise<string> {
  const copy = join(workDir, 'clone');
  cpSync(projectRoot, copy, {
    recursive: true,
    filter: (source) => !NOT_IN_A_CLONE.has(basename(source)) || source === projectRoot,
  });
  symlinkSync(join(projectRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const destination = join(workDir, 'packed');
  mkdirSync(destination);
  await run('npm', ['pack', '--pack-destination', destination, '--loglevel=error'], copy);
  const [tarball, ...others] = readdirSync(destination);
  if (!tarball || others.length > 0) throw new Error(`npm pack made ${readdirSync(destination).join(', ')}`);
  return join(destination, tarball);
}

/**
 * A consumer project that depends on the tarball (and on `extra` packages, e.g. fastify, msw, typescript), with a
 * lockfile holding the versions this project's lockfile resolved, then `npm ci --offline`: npm unpacks and links
 * the package as for any user, and every dependency comes from the npm cache.
 */
export async function installConsumer(
  consumerDir: string,
  tarball: string,
  packageJson: PackageJson,
  extra: string[],
): Promise<void> {
  const lock = JSON.parse(readFileSync(join(projectRoot, 'package-lock.json'), 'utf8')) as Lockfile;
  const versionOf = (name: string) => {
    const version = lock.packages[`node_modules/${name}`]?.version;
    if (!version) throw new Error(`${name} is not in the project's lockfile`);
    return version;
  };
  mkdirSync(consumerDir, { recursive: true });
  const tarballName = basename(tarball);
  cpSync(tarball, join(consumerDir, tarballName));
  const dependencies: Record<string, string> = { [packageJson.name]: `file:${tarballName}` };
  for (const name of extra) dependencies[name] = versionOf(name);
  const manifest = { name: 'consumer', version: '1.0.0', private: true, type: 'module', dependencies };
  writeFileSync(join(consumerDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const packages: Record<string, LockEntry> = {
    '': { name: manifest.name, version: manifest.version, dependencies },
    [`node_modules/${packageJson.name}`]: {
      version: packageJson.version,
      resolved: `file:${tarballName}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      license: packageJson.license,
      dependencies: packageJson.dependencies,
      bin: packageJson.bin,
      engines: packageJson.engines,
      peerDependencies: packageJson.peerDependencies,
      peerDependenciesMeta: packageJson.peerDependenciesMeta,
    },
  };
  for (const path of closure(lock, [...Object.keys(packageJson.dependencies ?? {}), ...extra])) {
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock.packages[path] as LockEntry;
    packages[path] = entry;
  }
  const consumerLock = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages,
  };
  writeFileSync(join(consumerDir, 'package-lock.json'), `${JSON.stringify(consumerLock, null, 2)}\n`);
  await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], consumerDir);
}

/** The lockfile paths of `roots` and of everything they depend on, resolved the way Node finds packages. */
function closure(lock: Lockfile, roots: string[]): Set<string> {
  const found = new Set<string>();
  const visit = (from: string, name: string, required: boolean) => {
    const path = resolve(lock, from, name);
    if (!path) {
      if (required) throw new Error(`${name} (needed by ${from || 'the consumer'}) is not in the lockfile`);
      return;
    }
    if (found.has(path)) return;
    found.add(path);
    const entry = lock.packages[path] as LockEntry;
    for (const dependency of Object.keys(entry.dependencies ?? {})) visit(path, dependency, true);
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) visit(path, dependency, false);
    for (const dependency of Object.keys(entry.peerDependencies ?? {})) visit(path, dependency, false);
  };
  for (const root of roots) visit('', root, true);
  return found;
}

function resolve(lock: Lockfile, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    base = base.slice(0, Math.max(0, base.lastIndexOf('node_modules/') - 1));
  }
}
