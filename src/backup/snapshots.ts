import {backupErrors} from '../errors/backup.js'
import type {SnapshotIdentity} from './tags.js'
import {identityOf} from './tags.js'

/** One restic snapshot, as kotadc uses it. */
export interface Snapshot {
  id: string
  shortId: string
  /** ISO 8601 as restic wrote it (with the host's offset). */
  time: string
  host: string
  tags: string[]
  paths: string[]
  /** site/agency/workload/kind from the tags; absent for snapshots kotadc did not make. */
  identity?: SnapshotIdentity
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])

function snapshotOf(raw: unknown, i: number): Snapshot {
  if (!isRecord(raw)) throw backupErrors.snapshotsUnreadable(`entry ${i} is not an object`)
  const {id, time, hostname} = raw
  if (typeof id !== 'string' || !/^[0-9a-f]{8,64}$/.test(id)) throw backupErrors.snapshotsUnreadable(`entry ${i} has no snapshot id`)
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time)))
    throw backupErrors.snapshotsUnreadable(`snapshot ${id.slice(0, 8)} has no valid time`)
  const tags = strings(raw.tags)
  const identity = identityOf(tags)
  return {
    id,
    shortId: typeof raw.short_id === 'string' ? raw.short_id : id.slice(0, 8),
    time,
    host: typeof hostname === 'string' ? hostname : '',
    tags,
    paths: strings(raw.paths),
    ...(identity ? {identity} : {}),
  }
}

/** Parses `restic snapshots --json` (restic 0.14 and later print `null` for an empty repository). */
export function parseSnapshots(stdout: string): Snapshot[] {
  let doc: unknown
  try {
    doc = JSON.parse(stdout.trim() || 'null')
  } catch {
    throw backupErrors.snapshotsUnreadable('not JSON')
  }
  if (doc === null) return []
  if (!Array.isArray(doc)) throw backupErrors.snapshotsUnreadable('not a JSON array')
  return doc.map(snapshotOf).sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id.localeCompare(b.id))
}
