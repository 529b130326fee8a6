import type {ChainBreak} from '../../audit/chain.js'
import {parseSince} from '../../audit/since.js'
import {auditErrors} from '../../errors/audit.js'
import type {Inventory} from '../../inventory/model.js'
import type {AuditEntry, AuditTrail} from './trail.js'
import {auditEntries, readAuditTrail, verifyTrail} from './trail.js'

interface TrailOptions {
  cwd: string
  environ: Record<string, string | undefined>
}

interface Source {
  source: AuditTrail['source']
  where: string
}

/** The `kotadc audit log --json` contract: newest first. */
export interface AuditLogResult extends Source {
  records: AuditEntry[]
}

/** `kotadc audit log`: the deploy history, newest first, optionally since a time and of one user. */
export async function auditLog(inv: Inventory, opts: TrailOptions & {since?: string; user?: string; now: Date}): Promise<AuditLogResult> {
  const since = opts.since === undefined ? undefined : parseSince(opts.since, opts.now)
  if (opts.since !== undefined && since === undefined) throw auditErrors.sinceInvalid(opts.since)
  const trail = await readAuditTrail(inv, opts)
  const records = auditEntries(trail)
    .filter((e) => (since ? Date.parse(e.at) >= since.getTime() : true) && (opts.user ? e.user === opts.user : true))
    .reverse()
  return {source: trail.source, where: trail.where, records}
}

/** The `kotadc audit show N --json` contract. */
export interface AuditShowResult extends Source {
  record: AuditEntry
}

export async function auditShow(inv: Inventory, opts: TrailOptions & {n: number}): Promise<AuditShowResult> {
  const trail = await readAuditTrail(inv, opts)
  const entries = auditEntries(trail)
  const record = entries.find((e) => e.seq === opts.n)
  if (!record) throw auditErrors.notFound(opts.n, trail.entries.length, trail.where)
  return {source: trail.source, where: trail.where, record}
}

/** The `kotadc audit verify --json` contract. */
export interface AuditVerifyResult extends Source {
  records: number
  /** Leading records from before the hash chain: present, unproven. */
  legacy: number
  /** The last record's hash: note it; a later verify ending on another head with fewer records means the tail was cut. */
  head: string | null
  intact: boolean
  breaks: ChainBreak[]
  /** 0 intact, 1 a record was edited, deleted, moved, inserted or cannot be read. */
  exitCode: number
}

export async function auditVerify(inv: Inventory, opts: TrailOptions): Promise<AuditVerifyResult> {
  const trail = await readAuditTrail(inv, opts)
  const v = verifyTrail(trail)
  const intact = v.breaks.length === 0
  return {source: trail.source, where: trail.where, ...v, intact, exitCode: intact ? 0 : 1}
}
