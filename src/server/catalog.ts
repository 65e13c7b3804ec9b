// The vocabulary the dataset generator draws from: registries, namespaces, products and rpms that look like
// Red Hat's container catalog, so that generated data reads like the real thing in tests and demos.

export const RED_HAT_REGISTRY = 'registry.access.redhat.com';
export const PARTNER_REGISTRY = 'registry.connect.redhat.com';
/** Where some Red Hat repositories are mirrored: the same repository path in a second registry. */
export const MIRROR_REGISTRY = 'quay.io';

/** Red Hat namespaces, with the RHEL major version their images build on (null: any). */
export const RED_HAT_NAMESPACES: readonly { name: string; rhel: number | null }[] = [
  { name: 'ubi8', rhel: 8 },
  { name: 'ubi9', rhel: 9 },
  { name: 'rhel7', rhel: 7 },
  { name: 'rhel8', rhel: 8 },
  { name: 'rhel9', rhel: 9 },
  { name: 'rhscl', rhel: 7 },
  { name: 'openshift4', rhel: null },
  { name: 'rhacm2', rhel: null },
  { name: 'odf4', rhel: null },
  { name: 'rhosp17', rhel: 9 },
  { name: 'jboss-eap-7', rhel: 8 },
  { name: 'amq7', rhel: 8 },
  { name: 'rh-sso-7', rhel: 8 },
  { name: 'devtools', rhel: null },
  { name: 'container-native-virtualization', rhel: null },
  { name: 'rhmtc', rhel: null },
];

export const PARTNER_VENDORS: readonly string[] = [
  'nvidia',
  'ibm',
  'mongodb',
  'crunchydata',
  'f5',
  'dynatrace',
  'sysdig',
  'portworx',
  'cockroachdb',
  'hashicorp',
];

export interface Product {
  name: string;
  /** Version suffixes of the repository name ('' for none), as in `rhel9/nginx-122`. */
  variants: readonly string[];
  /** Rpms that images of this product install besides the base system. */
  rpms: readonly string[];
  buildCategory: string;
}

const STANDALONE = 'Standalone image';
const OPERATOR = 'Operator image';

export const PRODUCTS: readonly Product[] = [
  {
    name: 'nginx',
    variants: ['120', '122', '124'],
    rpms: ['nginx', 'nginx-core', 'nginx-filesystem'],
    buildCategory: STANDALONE,
  },
  {
    name: 'httpd',
    variants: ['24'],
    rpms: ['httpd', 'httpd-core', 'httpd-tools', 'mod_ssl', 'apr', 'apr-util'],
    buildCategory: STANDALONE,
  },
  {
    name: 'postgresql',
    variants: ['12', '13', '15', '16'],
    rpms: ['postgresql', 'postgresql-server', 'postgresql-private-libs'],
    buildCategory: STANDALONE,
  },
  {
    name: 'mariadb',
    variants: ['105', '1011'],
    rpms: ['mariadb', 'mariadb-server', 'mariadb-common'],
    buildCategory: STANDALONE,
  },
  {
    name: 'mysql',
    variants: ['80'],
    rpms: ['mysql', 'mysql-server', 'mysql-common'],
    buildCategory: STANDALONE,
  },
  { name: 'redis', variants: ['6', '7'], rpms: ['redis'], buildCategory: STANDALONE },
  {
    name: 'python',
    variants: ['39', '311', '312'],
    rpms: ['python3', 'python3-libs', 'python3-pip', 'python3-setuptools'],
    buildCategory: STANDALONE,
  },
  {
    name: 'nodejs',
    variants: ['18', '20', '22'],
    rpms: ['nodejs', 'nodejs-libs', 'npm'],
    buildCategory: STANDALONE,
  },
  {
    name: 'ruby',
    variants: ['30', '31', '33'],
    rpms: ['ruby', 'ruby-libs', 'rubygems'],
    buildCategory: STANDALONE,
  },
  {
    name: 'php',
    variants: ['74', '80', '82'],
    rpms: ['php-cli', 'php-common', 'php-fpm'],
    buildCategory: STANDALONE,
  },
  {
    name: 'perl',
    variants: ['526', '532'],
    rpms: ['perl-interpreter', 'perl-libs'],
    buildCategory: STANDALONE,
  },
  { name: 'go-toolset', variants: [''], rpms: ['golang', 'golang-bin', 'git'], buildCategory: STANDALONE },
  {
    name: 'openjdk',
    variants: ['11', '17', '21'],
    rpms: ['java-17-openjdk-headless', 'javapackages-filesystem', 'lksctp-tools'],
    buildCategory: STANDALONE,
  },
  {
    name: 'dotnet',
    variants: ['60', '80'],
    rpms: ['dotnet-runtime-8.0', 'dotnet-host', 'libicu'],
    buildCategory: STANDALONE,
  },
  { name: 'memcached', variants: [''], rpms: ['memcached'], buildCategory: STANDALONE },
  { name: 'varnish', variants: ['6'], rpms: ['varnish', 'varnish-libs'], buildCategory: STANDALONE },
  { name: 's2i-base', variants: [''], rpms: ['git', 'make', 'gcc', 'autoconf'], buildCategory: STANDALONE },
  { name: 's2i-core', variants: [''], rpms: ['tar', 'unzip', 'findutils'], buildCategory: STANDALONE },
  {
    name: 'toolbox',
    variants: [''],
    rpms: ['vim-minimal', 'less', 'procps-ng', 'iproute'],
    buildCategory: STANDALONE,
  },
  {
    name: 'support-tools',
    variants: [''],
    rpms: ['tcpdump', 'strace', 'gdb', 'sos'],
    buildCategory: STANDALONE,
  },
  { name: 'net-snmp', variants: [''], rpms: ['net-snmp', 'net-snmp-libs'], buildCategory: STANDALONE },
  { name: 'sssd', variants: [''], rpms: ['sssd-common', 'sssd-client'], buildCategory: STANDALONE },
  { name: 'rsyslog', variants: [''], rpms: ['rsyslog'], buildCategory: STANDALONE },
  {
    name: 'ose-cli',
    variants: ['', 'rhel9'],
    rpms: ['openshift-clients', 'bash-completion'],
    buildCategory: STANDALONE,
  },
  { name: 'ose-console', variants: ['', 'rhel9'], rpms: ['nodejs-libs'], buildCategory: STANDALONE },
  { name: 'ose-haproxy-router', variants: ['', 'rhel9'], rpms: ['haproxy'], buildCategory: STANDALONE },
  { name: 'ose-etcd', variants: ['', 'rhel9'], rpms: ['etcd'], buildCategory: STANDALONE },
  { name: 'ose-prometheus', variants: ['', 'rhel9'], rpms: [], buildCategory: STANDALONE },
  { name: 'ose-grafana', variants: ['', 'rhel9'], rpms: [], buildCategory: STANDALONE },
  { name: 'kafka', variants: ['', '37'], rpms: ['java-17-openjdk-headless'], buildCategory: STANDALONE },
  { name: 'cluster-logging-operator', variants: ['', 'bundle'], rpms: [], buildCategory: OPERATOR },
  { name: 'gpu-operator', variants: ['', 'bundle'], rpms: [], buildCategory: OPERATOR },
  { name: 'multicluster-engine-operator', variants: ['', 'bundle'], rpms: [], buildCategory: OPERATOR },
  { name: 'odf-operator', variants: ['', 'bundle'], rpms: [], buildCategory: OPERATOR },
  { name: 'kubevirt-operator', variants: ['', 'bundle'], rpms: [], buildCategory: OPERATOR },
];

export interface Architecture {
  /** As container images name it (`architecture`, `parsed_data.architecture`). */
  image: string;
  /** As rpms and content sets name it. */
  rpm: string;
}

export const ARCHITECTURES: readonly Architecture[] = [
  { image: 'amd64', rpm: 'x86_64' },
  { image: 'arm64', rpm: 'aarch64' },
  { image: 'ppc64le', rpm: 'ppc64le' },
  { image: 's390x', rpm: 's390x' },
];

/** Rpm name -> source rpm name, for every rpm an image may install. */
export const RPM_SOURCES: Readonly<Record<string, string>> = {
  // The base system.
  glibc: 'glibc',
  'glibc-common': 'glibc',
  'glibc-minimal-langpack': 'glibc',
  bash: 'bash',
  'coreutils-single': 'coreutils',
  'openssl-libs': 'openssl',
  openssl: 'openssl',
  'ca-certificates': 'ca-certificates',
  tzdata: 'tzdata',
  libgcc: 'gcc',
  'libstdc++': 'gcc',
  zlib: 'zlib',
  'systemd-libs': 'systemd',
  rpm: 'rpm',
  'rpm-libs': 'rpm',
  microdnf: 'microdnf',
  libcurl: 'curl',
  curl: 'curl',
  'krb5-libs': 'krb5',
  libxml2: 'libxml2',
  'sqlite-libs': 'sqlite',
  'ncurses-libs': 'ncurses',
  'ncurses-base': 'ncurses',
  pcre2: 'pcre2',
  libselinux: 'libselinux',
  'audit-libs': 'audit',
  'shadow-utils': 'shadow-utils',
  'xz-libs': 'xz',
  'bzip2-libs': 'bzip2',
  libzstd: 'zstd',
  'lz4-libs': 'lz4',
  gnupg2: 'gnupg2',
  libgcrypt: 'libgcrypt',
  expat: 'expat',
  'json-c': 'json-c',
  libcap: 'libcap',
  libffi: 'libffi',
  'p11-kit': 'p11-kit',
  'p11-kit-trust': 'p11-kit',
  readline: 'readline',
  sed: 'sed',
  gawk: 'gawk',
  grep: 'grep',
  gzip: 'gzip',
  libblkid: 'util-linux',
  libuuid: 'util-linux',
  'keyutils-libs': 'keyutils',
  libcom_err: 'e2fsprogs',
  'cyrus-sasl-lib': 'cyrus-sasl',
  openldap: 'openldap',
  gnutls: 'gnutls',
  libidn2: 'libidn2',
  libnghttp2: 'nghttp2',
  'lua-libs': 'lua',
  'file-libs': 'file',
  libsolv: 'libsolv',
  libyaml: 'libyaml',
  setup: 'setup',
  filesystem: 'filesystem',
  'redhat-release': 'redhat-release',
  // Product rpms.
  nginx: 'nginx',
  'nginx-core': 'nginx',
  'nginx-filesystem': 'nginx',
  httpd: 'httpd',
  'httpd-core': 'httpd',
  'httpd-tools': 'httpd',
  mod_ssl: 'mod_ssl',
  apr: 'apr',
  'apr-util': 'apr-util',
  postgresql: 'postgresql',
  'postgresql-server': 'postgresql',
  'postgresql-private-libs': 'postgresql',
  mariadb: 'mariadb',
  'mariadb-server': 'mariadb',
  'mariadb-common': 'mariadb',
  mysql: 'mysql',
  'mysql-server': 'mysql',
  'mysql-common': 'mysql',
  redis: 'redis',
  python3: 'python3.11',
  'python3-libs': 'python3.11',
  'python3-pip': 'python-pip',
  'python3-setuptools': 'python-setuptools',
  nodejs: 'nodejs',
  'nodejs-libs': 'nodejs',
  npm: 'nodejs',
  ruby: 'ruby',
  'ruby-libs': 'ruby',
  rubygems: 'ruby',
  'php-cli': 'php',
  'php-common': 'php',
  'php-fpm': 'php',
  'perl-interpreter': 'perl',
  'perl-libs': 'perl',
  golang: 'golang',
  'golang-bin': 'golang',
  git: 'git',
  'java-17-openjdk-headless': 'java-17-openjdk',
  'javapackages-filesystem': 'javapackages-tools',
  'lksctp-tools': 'lksctp-tools',
  'dotnet-runtime-8.0': 'dotnet8.0',
  'dotnet-host': 'dotnet8.0',
  libicu: 'icu',
  memcached: 'memcached',
  varnish: 'varnish',
  'varnish-libs': 'varnish',
  make: 'make',
  gcc: 'gcc',
  autoconf: 'autoconf',
  tar: 'tar',
  unzip: 'unzip',
  findutils: 'findutils',
  'vim-minimal': 'vim',
  less: 'less',
  'procps-ng': 'procps-ng',
  iproute: 'iproute',
  tcpdump: 'tcpdump',
  strace: 'strace',
  gdb: 'gdb',
  sos: 'sos',
  'net-snmp': 'net-snmp',
  'net-snmp-libs': 'net-snmp',
  'sssd-common': 'sssd',
  'sssd-client': 'sssd',
  rsyslog: 'rsyslog',
  'openshift-clients': 'openshift-clients',
  'bash-completion': 'bash-completion',
  haproxy: 'haproxy',
  etcd: 'etcd',
};

/** Rpms every image installs. */
export const CORE_RPMS: readonly string[] = ['filesystem', 'setup', 'glibc', 'bash', 'redhat-release'];

/** Base system rpms, of which each image installs a random share. */
export const BASE_RPMS: readonly string[] = Object.keys(RPM_SOURCES)
  .slice(0, Object.keys(RPM_SOURCES).indexOf('nginx'))
  .filter((name) => !CORE_RPMS.includes(name));

/** Rpms built for no particular architecture. */
export const NOARCH_RPMS: ReadonlySet<string> = new Set([
  'ca-certificates',
  'tzdata',
  'ncurses-base',
  'setup',
  'filesystem',
  'nginx-filesystem',
  'python3-pip',
  'python3-setuptools',
  'rubygems',
  'javapackages-filesystem',
  'bash-completion',
  'sos',
]);

export const RELEASE_CATEGORIES: readonly (readonly [string, number])[] = [
  ['Generally Available', 80],
  ['Tech Preview', 8],
  ['Beta', 4],
  ['Deprecated', 8],
];
