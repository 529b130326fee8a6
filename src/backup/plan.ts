import type {BackupPolicy, Host, Inventory, Workload} from '../inventory/model.js'
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

/** A workload whose backup cannot be placed on any host; reported, never silently skipped. */
export interface UnplacedBackup {
  workload: string
  reason: string
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

const item = (site: string, w: Workload, kind: BackupKind, rest: {paths: string[]; label: string} | {database: string; label: string}): BackupItem => {
  const tags = itemTags({site, agency: w.agency, workload: w.name, kind})
  return 'paths' in rest
    ? {kind: kind as 'files' | 'volume', workload: w.name, agency: w.agency, paths: rest.paths, tags, label: rest.label}
    : {kind: 'postgres', workload: w.name, agency: w.agency, database: rest.database, tags, label: rest.label}
}

const filesItem = (site: string, w: Workload): BackupItem[] =>
  w.backup?.paths?.length ? [item(site, w, 'files', {paths: [...w.backup.paths], label: `${w.name} files`})] : []

// A VM is backed up from inside, so it must also be an inventory host: matched by name, else by address.
const vmHost = (inv: Inventory, w: Workload & {kind: 'vm'}): Host | undefined =>
  inv.hosts.find((h) => h.name === w.name) ?? inv.hosts.find((h) => h.address === w.address)

function place(inv: Inventory, w: Workload, unplaced: UnplacedBackup[]): Placed | undefined {
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
    case 'vm': {
      const host = vmHost(inv, w)
      if (!host) {
        unplaced.push({workload: w.name, reason: `VM ${w.name} is not an inventory host (no host named ${w.name} or at ${w.address}), so nothing can run restic inside it`})
        return undefined
      }
      return {host: host.name, items: filesItem(site, w)}
    }
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
    const placed = place(inv, w, unplaced)
    if (!placed || placed.items.length === 0) continue
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
