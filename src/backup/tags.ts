/** What a snapshot holds: host paths, a docker volume's data, or one PostgreSQL database dump. */
export const BACKUP_KINDS = ['files', 'volume', 'postgres'] as const
export type BackupKind = (typeof BACKUP_KINDS)[number]

/** The identity of a snapshot, carried as restic tags `key=value`. */
export interface SnapshotIdentity {
  site: string
  agency: string
  workload: string
  kind: BackupKind
}

const KEYS = ['site', 'agency', 'workload', 'kind'] as const

/** Tags of a snapshot, in a fixed order: site=, agency=, workload=, kind=. */
export const itemTags = (id: SnapshotIdentity): string[] => KEYS.map((k) => `${k}=${id[k]}`)

/** The identity a snapshot's tags carry, or undefined when one is missing (a snapshot kotadc did not make). */
export function identityOf(tags: readonly string[]): SnapshotIdentity | undefined {
  const found: Record<string, string> = {}
  for (const t of tags) {
    const at = t.indexOf('=')
    if (at > 0) found[t.slice(0, at)] ??= t.slice(at + 1)
  }
  const {site, agency, workload, kind} = found
  if (!site || !agency || !workload || !(BACKUP_KINDS as readonly string[]).includes(kind ?? '')) return undefined
  return {site, agency, workload, kind: kind as BackupKind}
}
