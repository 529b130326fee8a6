import {hostRepositories, resticCmd} from '../../backup/remote.js'
import {checkArgs} from '../../backup/restic-args.js'
import {parseCheckOutput} from '../../backup/restic-output.js'
import type {Inventory} from '../../inventory/model.js'
import type {BackupDeps, BackupOptions, HostFailure} from './hosts.js'
import {isFailure, onSources, runCmd, selectSources} from './hosts.js'

export interface RepositoryCheck {
  /** The source host whose repository this is (restic runs there). */
  host: string
  repository: string
  ok: boolean
  problems: string[]
}

/** The `kotadc backup verify --json` contract. */
export interface BackupVerifyResult {
  site: string
  readDataSubset: string
  repositories: RepositoryCheck[]
  failures: HostFailure[]
  /** 0 every repository is sound, 1 one has errors, 3 a host could not be asked. */
  exitCode: number
}

/** `kotadc backup verify`: restic check of every selected host's repositories, reading back a share of the data. */
export async function verifyBackups(
  inv: Inventory,
  opts: BackupOptions & {readDataSubset: string},
  deps: Pick<BackupDeps, 'connect'>,
): Promise<BackupVerifyResult> {
  const sources = selectSources(inv, opts.limit, opts.environ)
  const results = await onSources(inv, sources, opts, deps, async (shell, plan) => {
    const {host} = plan
    const checks: RepositoryCheck[] = []
    for (const repo of hostRepositories(plan)) {
      const r = await runCmd(shell, resticCmd(repo, checkArgs(opts.readDataSubset)))
      const c = parseCheckOutput(`${r.stdout}\n${r.stderr}`, r.exitCode ?? -1)
      checks.push({host, repository: repo.url, ok: c.ok, problems: c.problems})
    }
    return checks
  })
  const failures = results.filter(isFailure)
  const repositories = results.filter((r): r is RepositoryCheck[] => !isFailure(r)).flat()
  const exitCode = failures.length ? 3 : repositories.some((r) => !r.ok) ? 1 : 0
  return {site: inv.site.name, readDataSubset: opts.readDataSubset, repositories, failures, exitCode}
}
