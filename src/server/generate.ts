// Generates the records of a deterministic dataset: the same options always give the same repositories and images.
import {
  ARCHITECTURES,
  type Architecture,
  BASE_RPMS,
  CORE_RPMS,
  MIRROR_REGISTRY,
  NOARCH_RPMS,
  PARTNER_REGISTRY,
  PARTNER_VENDORS,
  PRODUCTS,
  type Product,
  RED_HAT_NAMESPACES,
  RED_HAT_REGISTRY,
  RELEASE_CATEGORIES,
  RPM_SOURCES,
} from './catalog.js';
import { SeededRandom } from './random.js';
import type { ImageRecord, ImageRepoRecord, RepositoryRecord, RpmRecord } from './records.js';

export interface GenerateOptions {
  seed: number;
  repositories: number;
  imagesPerRepository: number;
}

export interface GeneratedRecords {
  repositories: RepositoryRecord[];
  images: ImageRecord[];
}

/** A repository to fill, and what its images are built from. */
interface RepositoryPlan {
  record: RepositoryRecord;
  product: Product;
  rhel: number;
  vendor: string;
  /** Repositories holding the same images in another registry. */
  mirrors: RepositoryRecord[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const EPOCH_START = Date.UTC(2022, 0, 1);
const MIRROR_SHARE = 0.05;
const PARTNER_SHARE = 0.12;

export function generateRecords(options: GenerateOptions): GeneratedRecords {
  return new Generator(options).run();
}

class Generator {
  readonly #options: GenerateOptions;
  readonly #random: SeededRandom;
  /**
   * Rpms by RHEL release and architecture, then by name: every image that installs the same rpm on the same RHEL
   * and architecture shares one record (as they would share one build), which keeps big datasets cheap.
   */
  readonly #rpms = new Map<string, Map<string, RpmRecord>>();
  readonly #rpmVersions = new Map<string, { version: string; release: string; epoch: number }>();

  constructor(options: GenerateOptions) {
    this.#options = options;
    this.#random = new SeededRandom(options.seed);
  }

  run(): GeneratedRecords {
    const plans = this.#planRepositories();
    const repositories: RepositoryRecord[] = [];
    for (const plan of plans) repositories.push(plan.record, ...plan.mirrors);
    const images: ImageRecord[] = [];
    for (const plan of plans) images.push(...this.#imagesOf(plan));
    return { repositories, images };
  }

  #planRepositories(): RepositoryPlan[] {
    const random = this.#random;
    const redHatPaths = random.shuffle(
      RED_HAT_NAMESPACES.flatMap((namespace) =>
        PRODUCTS.flatMap((product) =>
          product.variants.map((variant) => ({
            namespace: namespace.name,
            rhel: namespace.rhel,
            product,
            variant,
          })),
        ),
      ),
    );
    const partnerPaths = random.shuffle(
      PARTNER_VENDORS.flatMap((vendor) =>
        PRODUCTS.flatMap((product) =>
          product.variants.map((variant) => ({ namespace: vendor, rhel: null, product, variant })),
        ),
      ),
    );
    const plans: RepositoryPlan[] = [];
    const mirrorable: RepositoryPlan[] = [];
    let redHatNext = 0;
    let partnerNext = 0;
    for (let index = 0; index < this.#options.repositories; index++) {
      if (mirrorable.length > 0 && random.chance(MIRROR_SHARE)) {
        const original = mirrorable.splice(random.int(0, mirrorable.length - 1), 1)[0] as RepositoryPlan;
        original.mirrors.push(
          this.#repository(MIRROR_REGISTRY, original.record.repository, 'redhat', original.product),
        );
        continue;
      }
      const partner = random.chance(PARTNER_SHARE);
      const pool = partner ? partnerPaths : redHatPaths;
      const position = partner ? partnerNext++ : redHatNext++;
      const base = pool[position % pool.length] as (typeof pool)[number];
      const round = Math.floor(position / pool.length);
      const name = [base.product.name, base.variant, round > 0 ? `r${round}` : ''].filter(Boolean).join('-');
      const path = `${base.namespace}/${name}`;
      const rhel = base.rhel ?? random.pick([8, 9]);
      const vendor = partner ? base.namespace : 'redhat';
      const registry = partner ? PARTNER_REGISTRY : RED_HAT_REGISTRY;
      const plan: RepositoryPlan = {
        record: this.#repository(registry, path, vendor, base.product),
        product: base.product,
        rhel,
        vendor,
        mirrors: [],
      };
      plans.push(plan);
      if (!partner) mirrorable.push(plan);
    }
    return plans;
  }

  #repository(registry: string, repository: string, vendor: string, product: Product): RepositoryRecord {
    const random = this.#random;
    const created = this.#date(0, 500);
    const version = `${random.int(1, 4)}.${random.int(0, 12)}`;
    return {
      _id: random.hex(24),
      registry,
      repository,
      namespace: repository.split('/')[0] ?? repository,
      vendor_label: vendor,
      published: random.chance(0.85),
      release_categories: [random.weighted(RELEASE_CATEGORIES)],
      auto_rebuild_tags: random.weighted<string[]>([
        [['latest'], 50],
        [['latest', version], 35],
        [[], 15],
      ]),
      build_categories: [product.buildCategory],
      content_stream_tags: random.chance(0.5) ? [version] : [],
      description: `${product.name} for ${vendor === 'redhat' ? 'Red Hat' : vendor} (${repository})`,
      creation_date: isoDate(created),
      last_update_date: isoDate(created + random.int(1, 300) * DAY_MS),
    };
  }

  #imagesOf(plan: RepositoryPlan): ImageRecord[] {
    const random = this.#random;
    const architectures = random.weighted<readonly Architecture[]>([
      [ARCHITECTURES.slice(0, 1), 55],
      [ARCHITECTURES.slice(0, 2), 25],
      [ARCHITECTURES, 20],
    ]);
    const { record } = plan;
    const packageName = `${record.repository.replaceAll('/', '-')}-container`;
    const version = `${random.int(1, 4)}.${random.int(0, 12)}`;
    const parent = record.namespace.startsWith('ubi')
      ? null
      : `ubi${plan.rhel}-container-${plan.rhel}.${random.int(0, 6)}-${random.int(100, 1600)}`;
    const images: ImageRecord[] = [];
    let release = random.int(1, 40);
    let completed = this.#date(100, 700);
    const wanted = this.#options.imagesPerRepository;
    while (images.length < wanted) {
      const buildArchitectures = architectures.slice(0, wanted - images.length);
      const newest = images.length + buildArchitectures.length >= wanted;
      const nvr = `${packageName}-${version}-${release}`;
      const rpmNames = this.#rpmNamesOfBuild(plan.product);
      const tags = newest ? ['latest', version, `${version}-${release}`] : [`${version}-${release}`];
      for (const architecture of buildArchitectures) {
        images.push(
          this.#image(plan, {
            nvr,
            packageName,
            version,
            release,
            architecture,
            rpmNames,
            tags,
            completed,
            parent,
          }),
        );
      }
      release += random.int(1, 5);
      completed += random.int(1, 30) * DAY_MS;
    }
    return images;
  }

  #image(
    plan: RepositoryPlan,
    build: {
      nvr: string;
      packageName: string;
      version: string;
      release: number;
      architecture: Architecture;
      rpmNames: string[];
      tags: string[];
      completed: number;
      parent: string | null;
    },
  ): ImageRecord {
    const random = this.#random;
    const { record } = plan;
    const { architecture } = build;
    const pushed = build.completed + random.int(1, 48) * 60 * 60 * 1000;
    const pushDate = isoDate(pushed);
    const publishedDate = isoDate(pushed + DAY_MS);
    const completionDate = isoDate(build.completed);
    const entry = (repository: RepositoryRecord): ImageRepoRecord => ({
      registry: repository.registry,
      repository: repository.repository,
      published: repository.published,
      push_date: pushDate,
      published_date: repository.published ? publishedDate : null,
      tags: build.tags.map((name) => ({ name, added_date: pushDate })),
    });
    const rpmsOfArchitecture = this.#rpmsOf(plan.rhel, architecture.rpm);
    const imageId = `sha256:${random.hex(64)}`;
    return {
      _id: random.hex(24),
      image_id: imageId,
      docker_image_digest: `sha256:${random.hex(64)}`,
      architecture: architecture.image,
      brew: {
        build: build.nvr,
        package: build.packageName,
        nvra: `${build.nvr}.${architecture.rpm}`,
        completion_date: completionDate,
      },
      content_sets: this.#contentSets(plan.rhel, architecture.rpm),
      parent_brew_build: build.parent,
      parsed_data: {
        architecture: architecture.image,
        labels: [
          { name: 'com.redhat.component', value: build.packageName },
          { name: 'name', value: record.repository },
          { name: 'version', value: build.version },
          { name: 'release', value: String(build.release) },
          { name: 'architecture', value: architecture.rpm },
          { name: 'vendor', value: plan.vendor === 'redhat' ? 'Red Hat, Inc.' : plan.vendor },
        ],
      },
      repositories: [entry(record), ...plan.mirrors.map(entry)],
      creation_date: completionDate,
      last_update_date: pushDate,
      edges: {
        rpm_manifest: {
          data: {
            _id: random.hex(24),
            image_id: imageId,
            rpms: build.rpmNames.map((name) =>
              this.#rpm(rpmsOfArchitecture, name, plan.rhel, architecture.rpm),
            ),
          },
          error: null,
        },
      },
    };
  }

  /** The rpms a build installs: the core system, a random share of the base system, and its product's rpms. */
  #rpmNamesOfBuild(product: Product): string[] {
    const random = this.#random;
    const share = 0.05 + random.next() * 0.45;
    const names = CORE_RPMS.slice();
    for (const name of BASE_RPMS) if (random.chance(share)) names.push(name);
    for (const name of product.rpms) if (!names.includes(name)) names.push(name);
    return names;
  }

  #contentSets(rhel: number, arch: string): string[] {
    if (rhel === 7) return arch === 'x86_64' ? ['rhel-7-server-rpms'] : [`rhel-7-for-${arch}-rpms`];
    const sets = [`rhel-${rhel}-for-${arch}-baseos-rpms`, `rhel-${rhel}-for-${arch}-appstream-rpms`];
    if (this.#random.chance(0.2)) sets.push(`codeready-builder-for-rhel-${rhel}-${arch}-rpms`);
    return sets;
  }

  /** The rpms already made for one RHEL release and architecture, by name. */
  #rpmsOf(rhel: number, arch: string): Map<string, RpmRecord> {
    const key = `${rhel}|${arch}`;
    let rpms = this.#rpms.get(key);
    if (!rpms) {
      rpms = new Map();
      this.#rpms.set(key, rpms);
    }
    return rpms;
  }

  #rpm(made: Map<string, RpmRecord>, name: string, rhel: number, arch: string): RpmRecord {
    let rpm = made.get(name);
    if (rpm) return rpm;
    const rpmArch = NOARCH_RPMS.has(name) ? 'noarch' : arch;
    const { version, release, epoch } = this.#rpmVersion(name, rhel);
    const source = RPM_SOURCES[name] ?? name;
    rpm = {
      name,
      version,
      release,
      architecture: rpmArch,
      nvra: `${name}-${version}-${release}.${rpmArch}`,
      srpm_name: source,
      srpm_nevra: `${source}-${epoch}:${version}-${release}.src`,
    };
    made.set(name, rpm);
    return rpm;
  }

  /** One version per rpm and RHEL release, whatever the architecture, as in a real compose. */
  #rpmVersion(name: string, rhel: number): { version: string; release: string; epoch: number } {
    const source = RPM_SOURCES[name] ?? name;
    const key = `${rhel}|${source}`;
    let found = this.#rpmVersions.get(key);
    if (!found) {
      const random = this.#random;
      const update = random.chance(0.4) ? `_${random.int(1, 4)}` : '';
      found = {
        version: `${random.int(1, 5)}.${random.int(0, 40)}.${random.int(0, 20)}`,
        release: `${random.int(1, 150)}.el${rhel}${update}`,
        epoch: random.chance(0.2) ? 1 : 0,
      };
      this.#rpmVersions.set(key, found);
    }
    return found;
  }

  /** A point in time `minDays` to `maxDays` days after the dataset's epoch, at a random second. */
  #date(minDays: number, maxDays: number): number {
    return EPOCH_START + this.#random.int(minDays, maxDays) * DAY_MS + this.#random.int(0, 86_399) * 1000;
  }
}

/** Pyxis writes dates as ISO 8601 with an explicit UTC offset. */
function isoDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}
