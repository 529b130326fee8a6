import type {DrillCheck} from '../../backup/drill.js'
import {drillScratchDir, makeScratchCmd, removeScratchCmd} from '../../backup/drill.js'
import {backupErrors} from '../../errors/backup.js'
import {snapshotOfItem} from '../../backup/freshness.js'
import type {BackupItem} from '../../backup/plan.js'
import {planBackups} from '../../backup/plan.js'
import {newestSnapshot, repositoryOfItem, workloadItems} from '../../backup/remote.js'
import {livePathsHit, parseRestoreTarget} from '../../backup/restore-target.js'
import type {Snapshot} from '../../backup/snapshots.js'
import type {Inventory} from '../../inventory/model.js'
import {shell as sh, sudo} from '../../tasks/cmd.js'
import type {BackupDeps} from './hosts.js'
import {fenceRepositories, runCmd, runChecked} from './hosts.js'
import {restoreDump, restoreFiles} from './item-restore.js'
import {fetchSnapshots} from './snapshots.js'
import {sshTargetFor} from '../ssh-targets.js'

export interface RestoreOptions {
  workload: string
  /** Snapshot id or unique prefix; default the newest of each of the workload's items. */
  snapshot?: string
  /** HOST:PATH, a scratch place that must be absent or empty. */
  to?: string
  /**
   * With `to` a plain name: the database whose dump to restore, into the new database `to`. Alone: the new
   * database the workload's one dump is loaded into.
   */
  database?: string
  /** Put files back where they came from (asks first). */
  inPlace: boolean
  environ: Record<string, string | undefined>
  confirm?: (question: string) => Promise<void>
}

export interface RestoredItem {
  label: string
  kind: BackupItem['kind']
  snapshotId: string
  snapshotTime: string
  ok: boolean
  checks: DrillCheck[]
}

/** The `kotadc backup restore --json` contract. */
export interface BackupRestoreResult {
  site: string
  workload: string
  host: string
  /** `host:/path`, `database <name>` or `in place`. */
  target: string
  items: RestoredItem[]
  /** 0 restored and verified, 3 a restore step failed. */
  exitCode: number
}

function chooseSnapshots(
  site: string,
  host: string,
  workload: string,
  items: BackupItem[],
  snaps: Snapshot[],
  id?: string,
): [BackupItem, Snapshot][] {
  if (id) {
    const s = snaps.find((x) => (x.id.startsWith(id) || x.shortId === id) && x.identity?.site === site && x.identity.workload === workload)
    const item = s && items.find((i) => snapshotOfItem(site, host, i, s))
    if (!s || !item) throw backupErrors.snapshotNotFound(id, workload)
    return [[item, s]]
  }
  return items.map((i) => {
    const s = newestSnapshot(snaps.filter((x) => snapshotOfItem(site, host, i, x)))
    if (!s) throw backupErrors.noSnapshot(workload, i.label)
    return [i, s]
  })
}

const emptyOrAbsent = (p: string) => sudo(sh('test ! -e "$1" || { test -d "$1" && test -z "$(ls -A -- "$1")"; }', p))

/**
 * `kotadc backup restore`: restic runs on the workload's source host (it holds the repository key and password).
 * Files go to an absent or empty scratch path that overlaps no backed-up path, or back in place after a
 * confirmation; dumps go to a scratch path as files, or into a database that must not exist yet.
 */
/** `--database NAME --to NEW` (NAME's dump into the new database NEW) or `--database NEW` (the one dump into NEW). */
export function databaseRestoreTarget(opts: Pick<RestoreOptions, 'database' | 'to'>): {source?: string; database?: string; to?: string} {
  if (opts.database !== undefined && opts.to !== undefined && !opts.to.includes(':')) return {source: opts.database, database: opts.to}
  return {...(opts.database === undefined ? {} : {database: opts.database}), ...(opts.to === undefined ? {} : {to: opts.to})}
}

export async function restoreBackup(
  inv: Inventory,
  given: RestoreOptions,
  deps: Pick<BackupDeps, 'connect' | 'token'>,
): Promise<BackupRestoreResult> {
  const {source, ...target} = databaseRestoreTarget(given)
  const {database: _database, to: _to, ...rest} = given
  const opts: RestoreOptions = {...rest, ...target}
  const plan = planBackups(inv)
  const hostPlan = plan.hosts.find((h) => workloadItems(h, opts.workload).length > 0)
  if (!hostPlan)
    throw backupErrors.workloadUnknown(
      opts.workload,
      [...new Set(plan.hosts.flatMap((h) => h.runs.flatMap((r) => r.items.map((i) => i.workload))))].sort(),
    )
  const host = hostPlan.host
  fenceRepositories(inv, [hostPlan], opts.environ)
  const items = workloadItems(hostPlan, opts.workload)
  const dumps = items.filter((i) => i.kind === 'postgres')
  if (opts.database !== undefined && !/^[a-z][a-z0-9_]{0,62}$/.test(opts.database)) throw backupErrors.databaseNameInvalid(opts.database)
  if (opts.database && dumps.length === 0) throw backupErrors.databaseFlagWithoutDump(opts.workload)
  const dumped = dumps.flatMap((d) => (d.kind === 'postgres' ? [d.database] : []))
  if (source !== undefined && !dumped.includes(source)) throw backupErrors.databaseNotDumped(opts.workload, source, dumped)
  if (opts.inPlace && items.every((i) => i.kind === 'postgres')) throw backupErrors.restoreInPlaceDatabase(opts.workload)
  if (!opts.to && !opts.database && !opts.inPlace) throw backupErrors.restoreNeedsTarget(opts.workload)
  const to = opts.to === undefined ? undefined : parseRestoreTarget(opts.to)
  if (opts.to !== undefined && !to) throw backupErrors.restoreTargetInvalid(opts.to)
  if (to && to.host !== host) throw backupErrors.restoreWrongHost(to.host, host, opts.workload)
  const live = to
    ? livePathsHit(
        to.path,
        hostPlan.runs.flatMap((r) => r.items),
      )
    : []
  if (to && live.length && !opts.inPlace) throw backupErrors.restoreOverLive(to.path, live)

  const shell = await deps.connect(sshTargetFor(inv, host, opts.environ))
  try {
    const snaps = await fetchSnapshots(shell, hostPlan)
    let chosen = chooseSnapshots(inv.site.name, host, opts.workload, items, snaps, opts.snapshot)
    // --database loads dumps; --to and --in-place take the files (and, for --to, the dump files too).
    if (opts.database) chosen = chosen.filter(([i]) => i.kind === 'postgres' && (source === undefined || i.database === source))
    else if (opts.inPlace && !to) chosen = chosen.filter(([i]) => i.kind !== 'postgres')
    if (opts.database && chosen.length > 1)
      throw backupErrors.restoreAmbiguousDatabase(
        opts.workload,
        dumps.map((d) => (d.kind === 'postgres' ? d.database : '')),
      )
    const target = opts.database ? `database ${opts.database}` : to && !opts.inPlace ? `${host}:${to.path}` : 'in place'
    if (opts.inPlace)
      await opts.confirm?.(
        `restore ${opts.workload} over its live files on ${host} (${chosen.map(([i]) => i.label).join(', ')})? Files changed since the snapshot are overwritten.`,
      )
    if (to && !opts.inPlace && (await runCmd(shell, emptyOrAbsent(to.path))).exitCode !== 0) throw backupErrors.restoreTargetNotEmpty(host, to.path)
    const out: RestoredItem[] = []
    for (const [item, snap] of chosen) {
      const repo = repositoryOfItem(hostPlan, item)!
      let checks: DrillCheck[]
      if (item.kind === 'postgres' && opts.database) {
        const scratch = drillScratchDir(
          deps
            .token()
            .toLowerCase()
            .replace(/[^a-z0-9]/g, '')
            .slice(0, 10),
        )
        await runChecked(shell, makeScratchCmd(scratch), 'creating a scratch directory')
        try {
          checks = await restoreDump(shell, repo, snap.id, `/${item.database}.sql`, `${scratch}/${item.database}.sql`, opts.database)
        } finally {
          await runCmd(shell, removeScratchCmd(scratch))
        }
      } else {
        checks = await restoreFiles(shell, repo, snap, opts.inPlace ? '/' : to!.path)
      }
      out.push({label: item.label, kind: item.kind, snapshotId: snap.id, snapshotTime: snap.time, ok: checks.every((c) => c.ok), checks})
    }
    return {site: inv.site.name, workload: opts.workload, host, target, items: out, exitCode: out.every((i) => i.ok) ? 0 : 3}
  } finally {
    await shell.close().catch(() => undefined)
  }
}
