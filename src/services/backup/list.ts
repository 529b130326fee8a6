import type {BackupKind} from '../../backup/tags.js'
import type {Inventory} from '../../inventory/model.js'
import type {BackupDeps, BackupOptions, HostFailure} from './hosts.js'
import {isFailure, onSources, selectSources} from './hosts.js'
import {fetchSnapshots} from './snapshots.js'

export interface ListedSnapshot {
  id: string
  shortId: string
  time: string
  host: string
  kind: BackupKind
  paths: string[]
  tags: string[]
}

export interface WorkloadSnapshots {
  workload: string
  agency: string
  host: string
  snapshots: ListedSnapshot[]
}

/** The `kotadc backup list --json` contract. */
export interface BackupListResult {
  site: string
  workloads: WorkloadSnapshots[]
  failures: HostFailure[]
  /** 0 listed everything, 3 a host could not be asked. */
  exitCode: number
}

/** `kotadc backup list`: the snapshots of every backed-up workload on the selected source hosts, oldest first. */
export async function listBackups(inv: Inventory, opts: BackupOptions, deps: Pick<BackupDeps, 'connect'>): Promise<BackupListResult> {
  const sources = selectSources(inv, opts.limit, opts.environ)
  const results = await onSources(inv, sources, opts, deps, async (shell, plan) => {
    const {host} = plan
    const snaps = await fetchSnapshots(shell, plan)
    const workloads = [...new Map(plan.runs.flatMap((r) => r.items).map((i) => [i.workload, i.agency])).entries()]
    return workloads.map(([workload, agency]): WorkloadSnapshots => ({
      workload,
      agency,
      host,
      snapshots: snaps
        .filter((s) => s.identity?.site === inv.site.name && s.identity.workload === workload)
        .map((s) => ({id: s.id, shortId: s.shortId, time: s.time, host: s.host, kind: s.identity!.kind, paths: s.paths, tags: s.tags})),
    }))
  })
  const failures = results.filter(isFailure)
  const workloads = results
    .filter((r): r is WorkloadSnapshots[] => !isFailure(r))
    .flat()
    .sort((a, b) => a.workload.localeCompare(b.workload))
  return {site: inv.site.name, workloads, failures, exitCode: failures.length ? 3 : 0}
}
