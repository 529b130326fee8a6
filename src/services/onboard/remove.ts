import {readFile} from 'node:fs/promises'
import path from 'node:path'
import type {WorkloadFreshness} from '../../backup/freshness.js'
import {onboardErrors} from '../../errors/onboard.js'
import {replaceFileKeepingBackup} from '../../exec/secrets-file.js'
import {loadInventory} from '../../inventory/load.js'
import type {Inventory} from '../../inventory/model.js'
import {removeWorkloadsText} from '../../onboard/agency-doc.js'
import {holdsData, leftovers, removalSet, unsafeToRemove} from '../../onboard/removal.js'
import type {BackupStatusResult} from '../backup/status.js'

export interface RemoveOptions {
  cwd: string
  environ: Record<string, string | undefined>
  /** --without-final-backup: remove even when the data's newest backup is older than its policy allows. */
  withoutFinalBackup: boolean
  /** `kotadc backup status --limit agency:CODE` (contacts the agency's hosts); not called when nothing holds data. */
  backupStatus: (limit: string) => Promise<BackupStatusResult>
  confirm: (question: string) => Promise<void>
  underLock: <R>(fn: () => Promise<R>) => Promise<R>
}

/** The `--json` contract of `workload remove`. */
export interface RemoveResult {
  agency: string
  file: string
  removed: string[]
  /** The backup status checked, or null when nothing held data or --without-final-backup skipped it. */
  backups: WorkloadFreshness[] | null
  /** What the next deploy takes away (containers, their terraform-managed volumes, DNS records, proxy sites). */
  nextDeploy: string[]
  /** What kotadc leaves for a person: databases, VM disks, snapshots, secrets. */
  byHand: string[]
}

/**
 * `workload remove AGENCY NAME`: refuses while a workload holding data has no backup within its policy's RPO (unless
 * --without-final-backup), then takes it (and its `NAME-db`) out of the agency file, validated before writing.
 */
export async function removeWorkload(inv: Inventory, agency: string, name: string, opts: RemoveOptions): Promise<RemoveResult> {
  const a = inv.agencies.find((x) => x.code === agency)
  if (!a) throw onboardErrors.agencyUnknown(agency, `agencies: ${inv.agencies.map((x) => x.code).join(', ') || 'none'}`)
  const set = removalSet(inv, agency, name)
  const main = set[0]
  if (!main) {
    const own = inv.workloads.filter((w) => w.agency === agency).map((w) => w.name)
    throw onboardErrors.workloadUnknown(agency, name, `workloads of ${agency}: ${own.join(', ') || 'none'}`)
  }
  let backups: WorkloadFreshness[] | null = null
  if (!opts.withoutFinalBackup && set.some(holdsData)) {
    const status = await opts.backupStatus(`agency:${agency}`)
    backups = status.workloads.filter((w) => set.some((s) => s.name === w.workload))
    const why = [...unsafeToRemove(set, backups), ...status.failures.map((f) => `backup host ${f.host} ${f.status}: ${f.error.message}`)]
    if (why.length) throw onboardErrors.removeUnsafe(agency, name, why.join('; '), main.at)
  }
  const file = path.resolve(opts.cwd, main.at.file)
  const removed = set.map((w) => w.name)
  await opts.underLock(async () => {
    const text = removeWorkloadsText(await readFile(file, 'utf8'), removed)
    await loadInventory({dir: path.resolve(opts.cwd, inv.root), cwd: opts.cwd, environ: opts.environ, pending: new Map([[file, text]])})
    await opts.confirm(`remove ${removed.join(' and ')} from ${main.at.file}?`)
    await replaceFileKeepingBackup(file, text, 0o644, false)
  })
  return {agency, file: main.at.file, removed, backups, ...leftovers(inv, set)}
}
