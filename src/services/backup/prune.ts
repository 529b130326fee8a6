import {backupErrors} from '../../errors/backup.js'
import type {HostBackupPlan} from '../../backup/plan.js'
import {repositoryHostResticCmd, sealCmd, stderrTail} from '../../backup/remote.js'
import {forgetArgs, keepArgs, unlockArgs} from '../../backup/restic-args.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import type {Inventory} from '../../inventory/model.js'
import type {Secret} from '../../inventory/secret.js'
import {secretEnvVar} from '../../inventory/validate/exposure.js'
import type {BackupDeps, BackupOptions, HostFailure} from './hosts.js'
import {isFailure, onHosts, runCmd, selectSources} from './hosts.js'

export interface PruneReport {
  /** The source host whose snapshots were pruned. */
  host: string
  policy: string
  /** The backup host where restic ran. */
  repositoryHost: string
  status: 'pruned' | 'failed' | 'skipped'
  /** `--keep-*` flags applied; empty (skipped) when the policy keeps nothing by rule. */
  keep: string[]
  stderrTail?: string
}

/** The `kotadc backup prune --json` contract. */
export interface BackupPruneResult {
  site: string
  prunes: PruneReport[]
  /** Backup hosts kotadc could not reach or work on. */
  failures: HostFailure[]
  /** 0 all pruned, 3 a prune failed or a host was unreachable. */
  exitCode: number
}

export interface PruneOptions extends BackupOptions {
  confirm?: (q: string) => Promise<void>
  /** Repository passwords by secret name (the backup hosts never keep them). */
  secret: (name: string) => Secret | undefined
}

interface Job {
  source: HostBackupPlan
  run: HostBackupPlan['runs'][number]
  password: Secret
}

async function pruneOne(shell: RemoteShell, repositoryHost: string, job: Job): Promise<PruneReport> {
  const {source, run, password} = job
  const base = {host: source.host, policy: run.policy.name, repositoryHost}
  const keep = keepArgs(run.policy.keep)
  // Without a keep rule forget would refuse (or, with flags added later, remove everything): never run it.
  if (keep.length === 0) return {...base, status: 'skipped', keep}
  // Sources cannot remove sealed lock files; restic unlock removes only those whose run is gone (by age or host).
  const steps = [
    unlockArgs(),
    forgetArgs(
      source.host,
      run.items.map((i) => i.workload),
      run.policy.keep,
    ),
  ]
  for (const args of steps) {
    const r = await runCmd(shell, repositoryHostResticCmd(run.repository.dir, args, password))
    if (r.exitCode !== 0) return {...base, status: 'failed', keep, stderrTail: stderrTail(r.stderr)}
  }
  return {...base, status: 'pruned', keep}
}

/**
 * `kotadc backup prune`: forget --prune with each policy's retention, limited to that policy's workloads. restic runs
 * on the backup host as root over kotadc's admin connection (the source hosts' accounts are append-only), then the
 * seal makes the files it wrote readable to the source again.
 */
export async function pruneBackups(inv: Inventory, opts: PruneOptions, deps: Pick<BackupDeps, 'connect'>): Promise<BackupPruneResult> {
  const sources = selectSources(inv, opts.limit, opts.environ)
  const jobs = new Map<string, Job[]>()
  for (const source of sources) {
    const password = opts.secret(source.passwordSecret)
    if (!password) throw backupErrors.passwordMissing(source.host, source.passwordSecret, secretEnvVar(source.passwordSecret))
    for (const run of source.runs) jobs.set(run.repository.host, [...(jobs.get(run.repository.host) ?? []), {source, run, password}])
  }
  await opts.confirm?.(
    `forget and prune snapshots beyond each policy's retention of ${sources.map((s) => s.host).join(', ')} (on ${[...jobs.keys()].join(', ')})?`,
  )
  const results = await onHosts(inv, [...jobs.keys()], opts, deps, async (shell, repositoryHost) => {
    const reports: PruneReport[] = []
    for (const job of jobs.get(repositoryHost)!) reports.push(await pruneOne(shell, repositoryHost, job))
    const sealed = await runCmd(shell, sealCmd())
    if (sealed.exitCode !== 0) {
      for (const r of reports)
        if (r.status === 'pruned') Object.assign(r, {status: 'failed', stderrTail: `pruned, but sealing failed: ${stderrTail(sealed.stderr)}`})
    }
    return reports
  })
  const failures = results.filter(isFailure)
  const prunes = results.filter((r): r is PruneReport[] => !isFailure(r)).flat()
  return {site: inv.site.name, prunes, failures, exitCode: failures.length || prunes.some((p) => p.status === 'failed') ? 3 : 0}
}
