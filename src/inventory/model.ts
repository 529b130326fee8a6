import type {SourceLocation} from '../errors/ops-error.js'

/**
 * The validated inventory, schema version 1 (docs/inventory.md, generated from schema.ts).
 * Every named object keeps `at`, the file:line:col where it is defined, so later
 * errors (an SSH failure, a terraform error) can point back at the inventory.
 */
export const ROLES = ['hypervisor', 'docker', 'backup', 'dns', 'proxy', 'firewall', 'database'] as const
export type Role = (typeof ROLES)[number]

export const WORKLOAD_KINDS = ['container', 'vm', 'postgres'] as const
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number]

export interface SshSettings {
  user: string
  port: number
  identityFile?: string
  /** Path of a known_hosts file used when a host pins no `hostKey`. */
  knownHosts?: string
  /** Seconds an SSH handshake may take (default 10). */
  connectTimeout?: number
}

export interface HostSsh {
  user?: string
  port?: number
  identityFile?: string
  /** Name of another inventory host to tunnel through. */
  jumpHost?: string
}

export interface Admin {
  name: string
  sshKey: string
}

export interface Site {
  name: string
  domain: string
  timezone: string
  ssh: SshSettings
  admins: Admin[]
}

export interface Network {
  name: string
  cidr: string
  vlan?: number
  gateway: string
  at: SourceLocation
}

export type TerraformBackend = {type: 'local'; path?: string} | {type: 'pg'; connString: string; schemaName?: string}

export interface TerraformSettings {
  binary: 'terraform' | 'tofu'
  backend: TerraformBackend
  providerMirror?: string
}

export interface Retention {
  daily?: number
  weekly?: number
  monthly?: number
  yearly?: number
}

export interface BackupPolicy {
  name: string
  schedule: string
  keep: Retention
  repository: string
  rpoHours: number
  at: SourceLocation
}

/** A VM base image (`images:` in site.yaml): uploaded once to each hypervisor's pool that needs it, checked by sha256. */
export interface VmImage {
  name: string
  /** Volume name in the hypervisor's pool, e.g. debian-12-genericcloud-amd64.qcow2. */
  file: string
  /** Lowercase hex SHA-256 of the file; a pool copy with another sum is never used. */
  sha256: string
  /** Path of the file on the machine running kotadc (sites are air-gapped: nothing is downloaded). */
  source: string
  /** Disk format of the file (default qcow2). */
  format: 'qcow2' | 'raw'
  at: SourceLocation
}

export interface Resources {
  cpus: number
  memoryGiB: number
  diskGiB: number
}

/** Ratios above 1 allow a hypervisor to promise more than it physically has. */
export interface Overcommit {
  cpu?: number
  memory?: number
  disk?: number
}

export interface Host {
  name: string
  address: string
  /** Where `address` was written: the overlay's line when an overlay set it, else the base file's. */
  addressAt?: SourceLocation
  /**
   * Where the host's connection settings (address, hostKey, ssh) were last written: the overlay's entry for the host
   * when an overlay changed one of them, else the host's own entry. SSH errors name it in their fix.
   */
  connectionAt?: SourceLocation
  network: string
  roles: Role[]
  hostKey?: string
  resources?: Resources
  overcommit?: Overcommit
  ssh?: HostSsh
  vars: Record<string, unknown>
  at: SourceLocation
  /** Set when the host is a VM workload of the inventory (vms/hosts.ts), not an entry of hosts.yaml. */
  vm?: true
}

export interface Contact {
  name: string
  email?: string
  phone?: string
}

export interface Agency {
  code: string
  name: string
  contact?: Contact
  at: SourceLocation
}

export interface WorkloadBackup {
  policy: string
  volumes?: string[]
  paths?: string[]
}

interface WorkloadBase {
  name: string
  agency: string
  backup?: WorkloadBackup
  at: SourceLocation
}

export interface Volume {
  name: string
  path: string
}

export interface ContainerLimits {
  memoryMiB?: number
  cpus?: number
}

export interface Healthcheck {
  command: string[]
  intervalSeconds?: number
  timeoutSeconds?: number
  retries?: number
}

export interface ContainerWorkload extends WorkloadBase {
  kind: 'container'
  host: string
  image: string
  port?: number
  env: Record<string, string>
  secrets: string[]
  volumes: Volume[]
  domain?: string
  limits?: ContainerLimits
  healthcheck?: Healthcheck
}

export interface PostgresWorkload extends WorkloadBase {
  kind: 'postgres'
  host: string
  databases: string[]
  /** Secret holding the login role's password; default `<WORKLOAD>_DB_PASSWORD` (databases/desired.ts). */
  passwordSecret?: string
}

export interface VmWorkload extends WorkloadBase {
  kind: 'vm'
  hypervisor?: string
  cpus: number
  memoryGiB: number
  diskGiB: number
  image: string
  network: string
  address: string
  domain?: string
  port?: number
  /** True when the inventory named no hypervisor and validation placed the VM (first fit) on `hypervisor`. */
  placed?: boolean
  /** Fingerprint of the SSH host key kotadc generated for the VM (from secrets.age); unset until the vms phase made one. */
  hostKey?: string
}

export type Workload = ContainerWorkload | PostgresWorkload | VmWorkload

/** The networks an overlay (`allowedNetworks:`) lets kotadc contact; connections outside them are refused. */
export interface NetworkFence {
  networks: string[]
  at: SourceLocation
}

export interface Inventory {
  schemaVersion: 1
  /** Directory the inventory was loaded from. */
  root: string
  /** Overlay applied, if any (`--env`). */
  env?: string
  site: Site
  networks: Network[]
  terraform: TerraformSettings
  backupPolicies: BackupPolicy[]
  /** VM base images (empty when the site declares none). */
  images: VmImage[]
  hosts: Host[]
  agencies: Agency[]
  workloads: Workload[]
  /** Declared by the overlay; absent when it declares none (KOTADC_ALLOWED_NETWORKS may still fence). */
  fence?: NetworkFence
}
