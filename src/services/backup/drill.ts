import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import type {DrillCheck} from '../../backup/drill.js'
import {drillDatabase, drillScratchDir, dropDatabaseCmd, makeScratchCmd, removeScratchCmd} from '../../backup/drill.js'
import {snapshotOfItem} from '../../backup/freshness.js'
import type {BackupItem, HostBackupPlan} from '../../backup/plan.js'
import {newestSnapshot, repositoryOfItem} from '../../backup/remote.js'
import type {Snapshot} from '../../backup/snapshots.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import type {Inventory} from '../../inventory/model.js'
import {repoRootOf} from '../run-playbook.js'
import type {BackupDeps, BackupOptions, HostFailure} from './hosts.js'
import {isFailure, onSources, runCmd, selectSources} from './hosts.js'
import {restoreDump, restoreFiles} from './item-restore.js'
import {fetchSnapshots} from './snapshots.js'

export interface DrillItemReport {
  label: string
  kind: BackupItem['kind']
  snapshotId?: string
  snapshotTime?: string
  ok: boolean
  checks: DrillCheck[]
}

/** One workload's drill; the same object is written as its evidence record. */
export interface WorkloadDrill {
  site: string
  workload: string
  agency: string
  host: string
  at: string
  outcome: 'passed' | 'failed'
  items: DrillItemReport[]
  /** Scratch directory and databases were removed afterwards. */
  cleanup: DrillCheck
  /** Evidence file, relative to the repository root. */
  evidence: string
}

/** The `kotadc backup drill --json` contract. */
export interface BackupDrillResult {
  site: string
  drills: WorkloadDrill[]
  failures: HostFailure[]
  /** 0 every drill passed, 1 a drill failed (the backup cannot be trusted), 3 a host could not be reached. */
  exitCode: number
}

export interface DrillDeps extends BackupDeps {
  /** Writes one evidence file (parents created); default the local filesystem. */
  writeEvidence?: (file: string, text: string) => Promise<void>
}

export const DRILLS_DIR = path.join('.kotadc', 'drills')

// A file name per run (date and time, UTC) so a later drill on the same day never hides an earlier failure.
const stamp = (d: Date): string =>
  d
    .toISOString()
    .replace(/:/g, '')
    .replace(/\.\d+Z$/, 'Z')

async function drillItem(
  shell: RemoteShell,
  plan: HostBackupPlan,
  item: BackupItem,
  snaps: readonly Snapshot[],
  site: string,
  scratch: string,
  token: string,
  databases: string[],
): Promise<DrillItemReport> {
  const base = {label: item.label, kind: item.kind}
  const snap = newestSnapshot(snaps.filter((s) => snapshotOfItem(site, plan.host, item, s)))
  const repo = repositoryOfItem(plan, item)
  if (!snap || !repo) return {...base, ok: false, checks: [{name: 'restore', ok: false, detail: 'no snapshot to restore'}]}
  let checks: DrillCheck[]
  if (item.kind === 'postgres') {
    const db = drillDatabase(item.database, token)
    databases.push(db)
    checks = await restoreDump(shell, repo, snap.id, `/${item.database}.sql`, `${scratch}/${item.database}.sql`, db)
  } else {
    checks = await restoreFiles(shell, repo, snap, `${scratch}/${item.kind}-${item.label.replace(/[^a-z0-9-]+/g, '-')}`)
  }
  return {...base, snapshotId: snap.id, snapshotTime: snap.time, ok: checks.every((c) => c.ok), checks}
}

/**
 * `kotadc backup drill`: for every backed-up workload on the selected hosts, restore its newest snapshots into a
 * scratch directory (files: restic-verified checksums and the file list; dumps: a scratch database and a sanity
 * query), clean up, and write a dated evidence record per workload under .kotadc/drills/.
 */
export async function drillBackups(
  inv: Inventory,
  opts: BackupOptions & {cwd: string; onProgress?: (line: string) => void},
  deps: DrillDeps,
): Promise<BackupDrillResult> {
  const sources = selectSources(inv, opts.limit, opts.environ)
  const site = inv.site.name
  const root = repoRootOf(inv, opts.cwd)
  const write =
    deps.writeEvidence ??
    (async (file: string, text: string) => {
      await mkdir(path.dirname(file), {recursive: true})
      await writeFile(file, text)
    })
  const results = await onSources(inv, sources, opts, deps, async (shell, plan) => {
    const {host} = plan
    const snaps = await fetchSnapshots(shell, plan)
    const workloads = [...new Set(plan.runs.flatMap((r) => r.items.map((i) => i.workload)))]
    const drills: WorkloadDrill[] = []
    for (const workload of workloads) {
      const items = plan.runs.flatMap((r) => r.items.filter((i) => i.workload === workload))
      const started = deps.now()
      const token = deps
        .token()
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 10)
      const scratch = drillScratchDir(token)
      const databases: string[] = []
      opts.onProgress?.(`[${host}] drill ${workload}: restoring ${items.length} item${items.length === 1 ? '' : 's'} into ${scratch}`)
      const reports: DrillItemReport[] = []
      const made = await runCmd(shell, makeScratchCmd(scratch))
      try {
        for (const item of items) {
          reports.push(
            made.exitCode === 0
              ? await drillItem(shell, plan, item, snaps, site, scratch, token, databases)
              : {
                  label: item.label,
                  kind: item.kind,
                  ok: false,
                  checks: [{name: 'restore', ok: false, detail: `cannot create ${scratch}: ${made.stderr.trim()}`}],
                },
          )
        }
      } finally {
        const cleanups = [...databases.map((db) => dropDatabaseCmd(db)), removeScratchCmd(scratch)]
        const failed: string[] = []
        for (const c of cleanups) if ((await runCmd(shell, c)).exitCode !== 0) failed.push(c.kind === 'exec' ? String(c.argv.at(-1)) : scratch)
        const cleanup: DrillCheck = {
          name: 'cleanup',
          ok: failed.length === 0,
          detail: failed.length
            ? `could not remove ${failed.join(', ')}`
            : `removed ${scratch}${databases.length ? ` and ${databases.join(', ')}` : ''}`,
        }
        const outcome = reports.every((r) => r.ok) && cleanup.ok && reports.length === items.length ? 'passed' : 'failed'
        const evidence = path.join(DRILLS_DIR, `${stamp(started)}-${workload}.json`)
        const agency = items[0]?.agency ?? ''
        const drill: WorkloadDrill = {site, workload, agency, host, at: started.toISOString(), outcome, items: reports, cleanup, evidence}
        await write(path.join(root, evidence), `${JSON.stringify(drill, null, 2)}\n`)
        opts.onProgress?.(`[${host}] drill ${workload}: ${outcome.toUpperCase()}`)
        drills.push(drill)
      }
    }
    return drills
  })
  const failures = results.filter(isFailure)
  const drills = results
    .filter((r): r is WorkloadDrill[] => !isFailure(r))
    .flat()
    .sort((a, b) => a.workload.localeCompare(b.workload))
  return {site, drills, failures, exitCode: failures.length ? 3 : drills.some((d) => d.outcome === 'failed') ? 1 : 0}
}
