import type {WorkloadFreshness} from '../../backup/freshness.js'
import {backupFreshness} from '../../backup/freshness.js'
import type {BackupPlan} from '../../backup/plan.js'
import {planBackups} from '../../backup/plan.js'
import type {Snapshot} from '../../backup/snapshots.js'
import type {Inventory} from '../../inventory/model.js'
import type {BackupDeps, BackupOptions, HostFailure} from './hosts.js'
import {isFailure, onHosts, selectSources} from './hosts.js'
import {fetchSnapshots} from './snapshots.js'

/** The `kotadc backup status --json` contract. */
export interface BackupStatusResult {
  site: string
  at: string
  workloads: WorkloadFreshness[]
  failures: HostFailure[]
  /** 0 every workload fresh, 1 one is stale, has no snapshot or is backed up by no host (`unplanned`), 3 a host could not be asked (monitoring reads this). */
  exitCode: number
}

/** `kotadc backup status`: per workload, its newest snapshot's age against its policy's rpoHours. */
export async function backupStatus(inv: Inventory, opts: BackupOptions, deps: Pick<BackupDeps, 'connect' | 'now'>): Promise<BackupStatusResult> {
  const full = planBackups(inv)
  const sources = selectSources(inv, opts.limit, opts.environ, full)
  const results = await onHosts(
    inv,
    sources.map((s) => s.host),
    opts,
    deps,
    async (shell, host) =>
      [
        host,
        await fetchSnapshots(
          shell,
          sources.find((s) => s.host === host)!,
        ),
      ] as const,
  )
  const failures = results.filter(isFailure)
  const byHost = new Map<string, Snapshot[]>(results.filter((r): r is readonly [string, Snapshot[]] => !isFailure(r)).map(([h, s]) => [h, s]))
  // A workload no host backs up is on no host --limit can select, so only the whole-site view lists it.
  const plan: BackupPlan = {...full, hosts: sources.filter((s) => byHost.has(s.host)), unplaced: opts.limit.length ? [] : full.unplaced}
  const now = deps.now()
  const workloads = backupFreshness(inv.site.name, plan, byHost, now)
  const exitCode = failures.length ? 3 : workloads.some((w) => w.status !== 'fresh') ? 1 : 0
  return {site: inv.site.name, at: now.toISOString(), workloads, failures, exitCode}
}
