import {vmCreated} from '../vms/hosts.js'
import type {SourceLocation} from '../errors/ops-error.js'
import type {BackupPolicy, Inventory, Workload} from '../inventory/model.js'
import {workloadVolumeName} from '../../stacks/docker-naming.js'
import {backupAccount, dockerVolumeData, passwordSecretName, repositoryDir, repositoryUrl} from './conventions.js'
import {backupErrors} from '../errors/backup.js'
import {itemTags} from './tags.js'
import type {BackupKind} from './tags.js'

/** One restic snapshot per run: a set of paths, or one database streamed through stdin. */
export type BackupItem =
  | {kind: 'files' | 'volume'; workload: string; agency: string; paths: string[]; tags: string[]; label: string}
  | {kind: 'postgres'; workload: string; agency: string; database: string; tags: string[]; label: string}

/** Where one source host's snapshots of one policy go. */
export interface BackupRepository {
  /** The backup host (role backup). */
  host: string
  address: string
  port: number
  url: string
  /** The source host's own SFTP account on the backup host (see backupAccount). */
  account: string
  /** Directory on the backup host. */
  dir: string
}

/** What one policy's script does on one source host. */
export interface PolicyRun {
  policy: BackupPolicy
  repository: BackupRepository
  items: BackupItem[]
}

export interface HostBackupPlan {
  host: string
  /** Name of the secret holding this host's repository password (see passwordSecretName). */
  passwordSecret: string
  runs: PolicyRun[]
}

/**
 * A workload with a `backup:` section that no host can carry out; reported (validate warns, `backup status` counts
 * it as not backed up), never silently skipped.
 */
export interface UnplacedBackup {
  workload: string
  agency: string
  policy: string
  rpoHours: number
  reason: string
  /** The workload's definition in the inventory. */
  at: SourceLocation
  /** A VM the vms phase has not created yet: state, not an inventory problem, so validate does not warn about it. */
  notCreated?: true
}

export interface BackupPlan {
  /** Source hosts with something to back up, sorted by name. */
  hosts: HostBackupPlan[]
  /** Backup hosts and the source hosts whose repositories they keep, both sorted. */
  repositories: {host: string; sources: string[]}[]
  unplaced: UnplacedBackup[]
}

interface Placed {
  host: string
  items: BackupItem[]
}

const item = (
  site: string,
  w: Workload,
  kind: BackupKind,
  rest: {paths: string[]; label: string} | {database: string; label: string},
): BackupItem => {
  const tags = itemTags({site, agency: w.agency, workload: w.name, kind})
  return 'paths' in rest
    ? {kind: kind as 'files' | 'volume', workload: w.name, agency: w.agency, paths: rest.paths, tags, label: rest.label}
    : {kind: 'postgres', workload: w.name, agency: w.agency, database: rest.database, tags, label: rest.label}
}

const filesItem = (site: string, w: Workload): BackupItem[] =>
  w.backup?.paths?.length ? [item(site, w, 'files', {paths: [...w.backup.paths], label: `${w.name} files`})] : []

// A VM is backed up from inside: by the hosts.yaml entry that stands for it (its name, else its address), else as
// the host it is itself (vms/hosts.ts).
const vmHost = (inv: Inventory, w: Workload & {kind: 'vm'}): string =>
  (inv.hosts.find((h) => h.name === w.name) ?? inv.hosts.find((h) => h.address === w.address))?.name ?? w.name

const unplacedOf = (inv: Inventory, w: Workload, reason: string): UnplacedBackup => {
  const policy = inv.backupPolicies.find((p) => p.name === w.backup?.policy)
  return {workload: w.name, agency: w.agency, policy: w.backup?.policy ?? '', rpoHours: policy?.rpoHours ?? 0, reason, at: w.at}
}

// What a backup section can name for each kind: a section that names none of it backs up nothing.
const NOTHING: Record<Workload['kind'], string> = {
  container: 'its backup section lists no volumes and no paths',
  postgres: 'it has no databases and its backup section lists no paths',
  vm: 'its backup section lists no paths',
}

function place(inv: Inventory, w: Workload): Placed {
  const site = inv.site.name
  switch (w.kind) {
    case 'container': {
      const volumes = (w.backup?.volumes ?? []).map((v) =>
        item(site, w, 'volume', {paths: [dockerVolumeData(workloadVolumeName(w.name, v))], label: `${w.name} volume ${v}`}),
      )
      return {host: w.host, items: [...volumes, ...filesItem(site, w)]}
    }
    case 'postgres': {
      const dbs = w.databases.map((d) => item(site, w, 'postgres', {database: d, label: `${w.name} database ${d}`}))
      return {host: w.host, items: [...dbs, ...filesItem(site, w)]}
    }
    case 'vm':
      return {host: vmHost(inv, w), items: filesItem(site, w)}
  }
}

const repositoryOf = (inv: Inventory, policy: BackupPolicy, source: string): BackupRepository => {
  const backupHost = inv.hosts.find((h) => h.name === policy.repository)
  // Validation guarantees the reference; reaching this means the model was built by hand.
  if (!backupHost) throw backupErrors.repositoryHostMissing(policy.name, policy.repository)
  return {
    host: backupHost.name,
    address: backupHost.address,
    port: backupHost.ssh?.port ?? inv.site.ssh.port,
    url: repositoryUrl(backupHost.address, source),
    account: backupAccount(source),
    dir: repositoryDir(source),
  }
}

/**
 * Which host backs up what, to which repository, under which secret. Pure: the inventory in, the plan out.
 * Policies run in inventory order; items keep workload order, so the generated scripts are stable.
 */
export function planBackups(inv: Inventory): BackupPlan {
  const unplaced: UnplacedBackup[] = []
  const byHost = new Map<string, Map<string, BackupItem[]>>()
  for (const w of inv.workloads) {
    if (!w.backup) continue
    const placed = place(inv, w)
    // Backed up from inside a VM that does not exist yet: nothing can run there, and status must say so.
    if (placed.items.length > 0 && w.kind === 'vm' && placed.host === w.name && !vmCreated(w)) {
      const reason = `VM ${w.name} has not been created yet (no host key in secrets.age): \`kotadc deploy --phase vms\` creates it, then its backups run inside it`
      unplaced.push({...unplacedOf(inv, w, reason), notCreated: true})
      continue
    }
    if (placed.items.length === 0) {
      unplaced.push(unplacedOf(inv, w, `nothing of ${w.name} is backed up: ${NOTHING[w.kind]}`))
      continue
    }
    const policies = byHost.get(placed.host) ?? new Map<string, BackupItem[]>()
    policies.set(w.backup.policy, [...(policies.get(w.backup.policy) ?? []), ...placed.items])
    byHost.set(placed.host, policies)
  }
  const hosts = [...byHost.keys()].sort().map((host): HostBackupPlan => {
    const items = byHost.get(host) as Map<string, BackupItem[]>
    const runs = inv.backupPolicies
      .filter((p) => items.has(p.name))
      .map((p) => ({policy: p, repository: repositoryOf(inv, p, host), items: items.get(p.name) as BackupItem[]}))
    return {host, passwordSecret: passwordSecretName(host), runs}
  })
  const sources = new Map<string, Set<string>>()
  for (const h of hosts) for (const r of h.runs) sources.set(r.repository.host, (sources.get(r.repository.host) ?? new Set()).add(h.host))
  const repositories = [...sources.entries()].map(([host, s]) => ({host, sources: [...s].sort()})).sort((a, b) => a.host.localeCompare(b.host))
  return {hosts, repositories, unplaced}
}

/** The plan of one source host, or undefined when it backs nothing up. */
export const hostBackupPlan = (plan: BackupPlan, host: string): HostBackupPlan | undefined => plan.hosts.find((h) => h.host === host)
