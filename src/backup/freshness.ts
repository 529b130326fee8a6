import type {BackupItem, BackupPlan} from './plan.js'
import type {Snapshot} from './snapshots.js'

/** `unplanned`: the workload has a backup section that no host carries out (BackupPlan.unplaced): never backed up. */
export type FreshnessStatus = 'fresh' | 'stale' | 'never' | 'unplanned'

/** How recent one item's newest snapshot is, measured against its policy's RPO. */
export interface ItemFreshness {
  host: string
  workload: string
  agency: string
  label: string
  policy: string
  rpoHours: number
  status: FreshnessStatus
  /** Time of the newest snapshot, as restic wrote it. */
  newest?: string
  newestId?: string
  ageHours?: number
}

/** A workload is as fresh as its stalest item. */
export interface WorkloadFreshness {
  workload: string
  agency: string
  policy: string
  rpoHours: number
  status: FreshnessStatus
  items: ItemFreshness[]
  /** Why nothing backs an `unplanned` workload up. */
  reason?: string
}

const HOUR_MS = 3_600_000
const RANK: Record<FreshnessStatus, number> = {fresh: 0, stale: 1, never: 2, unplanned: 3}

const samePaths = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().every((p, i) => p === [...b].sort()[i])

/** Whether a snapshot belongs to an item's series: same site, host, workload, kind and paths (or dump file name). */
export const snapshotOfItem = (site: string, host: string, item: BackupItem, s: Snapshot): boolean =>
  s.identity?.site === site &&
  s.host === host &&
  s.identity.workload === item.workload &&
  s.identity.kind === item.kind &&
  samePaths(s.paths, item.kind === 'postgres' ? [`/${item.database}.sql`] : item.paths)

/**
 * Freshness of every planned item and workload at `now`. A snapshot dated after `now` (clock skew) counts as age 0.
 * `snapshotsByHost` holds each source host's snapshot list (from all of its repositories).
 */
export function backupFreshness(
  site: string,
  plan: BackupPlan,
  snapshotsByHost: ReadonlyMap<string, readonly Snapshot[]>,
  now: Date,
): WorkloadFreshness[] {
  const items: ItemFreshness[] = plan.hosts.flatMap((h) =>
    h.runs.flatMap((run) =>
      run.items.map((item): ItemFreshness => {
        const base = {
          host: h.host,
          workload: item.workload,
          agency: item.agency,
          label: item.label,
          policy: run.policy.name,
          rpoHours: run.policy.rpoHours,
        }
        const newest = (snapshotsByHost.get(h.host) ?? [])
          .filter((s) => snapshotOfItem(site, h.host, item, s))
          .reduce<Snapshot | undefined>((best, s) => (!best || Date.parse(s.time) > Date.parse(best.time) ? s : best), undefined)
        if (!newest) return {...base, status: 'never'}
        const ageHours = Math.max(0, (now.getTime() - Date.parse(newest.time)) / HOUR_MS)
        return {...base, status: ageHours > run.policy.rpoHours ? 'stale' : 'fresh', newest: newest.time, newestId: newest.id, ageHours}
      }),
    ),
  )
  const byWorkload = new Map<string, ItemFreshness[]>()
  for (const i of items) byWorkload.set(i.workload, [...(byWorkload.get(i.workload) ?? []), i])
  const unplanned = plan.unplaced.map((u): WorkloadFreshness => ({
    workload: u.workload,
    agency: u.agency,
    policy: u.policy,
    rpoHours: u.rpoHours,
    status: 'unplanned',
    items: [],
    reason: u.reason,
  }))
  return [...byWorkload.entries()]
    .map(([workload, its]): WorkloadFreshness => {
      const first = its[0] as ItemFreshness
      const status = its.reduce<FreshnessStatus>((worst, i) => (RANK[i.status] > RANK[worst] ? i.status : worst), 'fresh')
      return {workload, agency: first.agency, policy: first.policy, rpoHours: first.rpoHours, status, items: its}
    })
    .concat(unplanned)
    .sort((a, b) => a.workload.localeCompare(b.workload))
}
