import {failedItemsOf, policyScriptCmd, sealCmd, stderrTail} from '../../backup/remote.js'
import type {Inventory} from '../../inventory/model.js'
import type {BackupDeps, BackupOptions, HostFailure} from './hosts.js'
import {isFailure, onHosts, onSources, runChecked, runCmd, selectSources} from './hosts.js'

/** One policy's script run on one source host. */
export interface PolicyRunReport {
  host: string
  policy: string
  status: 'ok' | 'failed' | 'busy'
  exitCode: number | null
  /** Labels of the items the script backs up, e.g. "simpus volume uploads". */
  items: string[]
  /** Labels of the items that failed (their snapshots are not kept). */
  failedItems: string[]
  durationMs: number
  /** The end of the script's stderr when it failed. */
  stderrTail?: string
}

/** The `kotadc backup run --json` contract. */
export interface BackupRunResult {
  site: string
  runs: PolicyRunReport[]
  failures: HostFailure[]
  /** 0 every run succeeded, 3 a run failed or a host was unreachable. */
  exitCode: number
}

// The script exits 75 (EX_TEMPFAIL) when an earlier run of the same policy still holds its lock.
const BUSY = 75

/**
 * `kotadc backup run`: runs the installed script of each policy on each selected source host now, the same script
 * the timer runs, so a manual run tests the scheduled one. Hosts run in parallel, a host's policies in order. Then
 * the backup hosts seal what was written, so the new snapshots are out of their sources' reach at once.
 */
export async function runBackups(
  inv: Inventory,
  opts: BackupOptions & {onProgress?: (line: string) => void},
  deps: Pick<BackupDeps, 'connect'> & {clock?: () => number},
): Promise<BackupRunResult> {
  const sources = selectSources(inv, opts.limit, opts.environ)
  const clock = deps.clock ?? (() => Date.now())
  const say = (line: string): void => opts.onProgress?.(line)
  const results = await onSources(inv, sources, opts, deps, async (shell, plan) => {
    const {host} = plan
    const reports: PolicyRunReport[] = []
    for (const run of plan.runs) {
      const items = run.items.map((i) => i.label)
      say(`[${host}] ${run.policy.name}: backing up ${items.join(', ')}`)
      const started = clock()
      const r = await runCmd(shell, policyScriptCmd(run.policy.name))
      const status = r.exitCode === 0 ? 'ok' : r.exitCode === BUSY ? 'busy' : 'failed'
      const failedItems = failedItemsOf(r.stderr)
      const durationMs = clock() - started
      say(
        `[${host}] ${run.policy.name}: ${status}${failedItems.length ? ` (failed: ${failedItems.join(', ')})` : ''} in ${(durationMs / 1000).toFixed(1)} s`,
      )
      reports.push({
        host,
        policy: run.policy.name,
        status,
        exitCode: r.exitCode,
        items,
        failedItems,
        durationMs,
        ...(status === 'ok' ? {} : {stderrTail: stderrTail(r.stderr)}),
      })
    }
    return reports
  })
  const repositoryHosts = [...new Set(sources.flatMap((s) => s.runs.map((r) => r.repository.host)))].sort()
  say(`sealing the new files on ${repositoryHosts.join(', ')}`)
  const seals = await onHosts(inv, repositoryHosts, opts, deps, (shell) => runChecked(shell, sealCmd(), 'seal the new backup files'))
  const failures = [...results.filter(isFailure), ...seals.filter(isFailure)]
  const runs = results.filter((r): r is PolicyRunReport[] => !isFailure(r)).flat()
  return {site: inv.site.name, runs, failures, exitCode: failures.length || runs.some((r) => r.status !== 'ok') ? 3 : 0}
}
