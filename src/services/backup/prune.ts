import {resticCmd, stderrTail} from '../../backup/remote.js'
import {forgetArgs, keepArgs} from '../../backup/restic-args.js'
import type {Inventory} from '../../inventory/model.js'
import type {BackupDeps, BackupOptions, HostFailure} from './hosts.js'
import {isFailure, onHosts, runCmd, selectSources} from './hosts.js'

export interface PruneReport {
  host: string
  policy: string
  status: 'pruned' | 'failed' | 'skipped'
  /** `--keep-*` flags applied; empty (skipped) when the policy keeps nothing by rule. */
  keep: string[]
  stderrTail?: string
}

/** The `kotadc backup prune --json` contract. */
export interface BackupPruneResult {
  site: string
  prunes: PruneReport[]
  failures: HostFailure[]
  /** 0 all pruned, 3 a prune failed or a host was unreachable. */
  exitCode: number
}

/** `kotadc backup prune`: forget --prune with each policy's retention, limited to that policy's workloads. */
export async function pruneBackups(inv: Inventory, opts: BackupOptions & {confirm?: (q: string) => Promise<void>}, deps: Pick<BackupDeps, 'connect'>): Promise<BackupPruneResult> {
  const sources = selectSources(inv, opts.limit)
  await opts.confirm?.(`forget and prune snapshots beyond each policy's retention on ${sources.map((s) => s.host).join(', ')}?`)
  const results = await onHosts(inv, sources.map((s) => s.host), opts, deps, async (shell, host) => {
    const reports: PruneReport[] = []
    for (const run of sources.find((s) => s.host === host)!.runs) {
      const keep = keepArgs(run.policy.keep)
      // Without a keep rule forget would refuse (or, with flags added later, remove everything): never run it.
      if (keep.length === 0) {
        reports.push({host, policy: run.policy.name, status: 'skipped', keep})
        continue
      }
      const r = await runCmd(shell, resticCmd(run.repository, forgetArgs(host, run.items.map((i) => i.workload), run.policy.keep)))
      reports.push({host, policy: run.policy.name, status: r.exitCode === 0 ? 'pruned' : 'failed', keep, ...(r.exitCode === 0 ? {} : {stderrTail: stderrTail(r.stderr)})})
    }
    return reports
  })
  const failures = results.filter(isFailure)
  const prunes = results.filter((r): r is PruneReport[] => !isFailure(r)).flat()
  return {site: inv.site.name, prunes, failures, exitCode: failures.length || prunes.some((p) => p.status === 'failed') ? 3 : 0}
}
