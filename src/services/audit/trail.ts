import {readFile} from 'node:fs/promises'
import path from 'node:path'
import type {ChainVerdict} from '../../audit/chain.js'
import {verifyChain} from '../../audit/chain.js'
import {auditErrors} from '../../errors/audit.js'
import type {AuditRecord} from '../../exec/audit.js'
import {AUDIT_TABLE, readAuditPg} from '../../exec/audit.js'
import type {Inventory} from '../../inventory/model.js'
import {resolveConnString} from '../../exec/terraform/backend.js'
import {projectRootOf} from '../deploy/context.js'

export const AUDIT_FILE = path.join('.kotadc', 'audit.jsonl')

/** This working copy's audit file: beside the inventory, under .kotadc/. */
export const auditFileOf = (inv: Inventory, cwd: string): string => path.join(projectRootOf(inv, cwd), AUDIT_FILE)

/** One record of the trail with its number in it (1 = oldest), as `audit log` lists it and `audit show N` takes it. */
export type AuditEntry = AuditRecord & {seq: number}

/** Where the trail is read from: the pg backend's table (every admin's deploys), else this working copy's file. */
export interface AuditTrail {
  where: string
  source: 'file' | 'pg'
  /** Raw records in chain order: file lines (blank ones included, so numbers are line numbers) or table rows. */
  entries: string[]
}

export async function readAuditTrail(inv: Inventory, opts: {cwd: string; environ: Record<string, string | undefined>}): Promise<AuditTrail> {
  const backend = inv.terraform.backend
  if (backend.type === 'pg') {
    const where = `table ${AUDIT_TABLE} of the pg backend`
    try {
      return {where, source: 'pg', entries: await readAuditPg(resolveConnString(backend.connString, opts.environ))}
    } catch (e) {
      throw auditErrors.readFailed(where, (e as Error).message)
    }
  }
  const file = auditFileOf(inv, opts.cwd)
  try {
    const text = await readFile(file, 'utf8')
    return {where: file, source: 'file', entries: text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n')}
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {where: file, source: 'file', entries: []}
    throw auditErrors.readFailed(file, (e as NodeJS.ErrnoException).code ?? (e as Error).message)
  }
}

const isRecord = (v: unknown): v is AuditRecord =>
  typeof v === 'object' && v !== null && typeof (v as AuditRecord).at === 'string' && Array.isArray((v as AuditRecord).phases)

/** The readable records, numbered by their place in the trail; unreadable lines keep their number (verify names them). */
export function auditEntries(trail: AuditTrail): AuditEntry[] {
  return trail.entries.flatMap((text, i): AuditEntry[] => {
    try {
      const v: unknown = JSON.parse(text)
      return isRecord(v) ? [{...v, seq: i + 1}] : []
    } catch {
      return []
    }
  })
}

export const verifyTrail = (trail: AuditTrail): ChainVerdict => verifyChain(trail.entries)
