import {appendFile, mkdir, open} from 'node:fs/promises'
import {hostname, userInfo} from 'node:os'
import {dirname} from 'node:path'
import {loadPg} from './pg-module.js'
import {runLocal} from './local.js'
import {deployErrors} from '../errors/deploy.js'
import {chainRecord} from '../audit/chain.js'

/**
 * One phase of an audit record. A phase that never ran says so (`not-run`) instead of reading as "ran, changed
 * nothing"; a phase that failed still lists what it changed before it failed, because those changes are on the hosts.
 */
export type AuditPhase =
  /** `interrupted`: the phase was running when a signal or a crash stopped the deploy; what it changed is unknown. */
  | {name: string; status: 'not-run' | 'interrupted'; reason: string}
  | {
      name: string
      status: 'changed' | 'unchanged' | 'failed' | 'skipped'
      /** Something on a host or in a stack changed, also when the phase then failed. */
      changed: boolean
      failed: boolean
      /** What changed: `host: task` for playbooks, `stack <name>` for applied stacks. */
      changes: string[]
      /** Stacks whose apply failed after it started: terraform may have changed part of them. */
      uncertain?: string[]
    }

/** One line of .kotadc/audit.jsonl (and one row of kotadc_audit with pg): who deployed what, from which commit, how it ended. */
export interface AuditRecord {
  at: string
  user: string
  host: string
  command: string
  site: string
  env: string | null
  /** `git rev-parse HEAD` of the inventory directory, or null outside git. */
  inventoryCommit: string | null
  /** Uncommitted changes under the inventory directory at deploy time. */
  dirty: boolean
  /** Every selected phase in order: the ones that ran, and `not-run` for the ones a failure or a signal kept from running. */
  phases: AuditPhase[]
  /** `interrupted`: a signal stopped the deploy; `interruptedPhase` was running and the phases after it are `not-run`. */
  outcome: 'succeeded' | 'failed' | 'interrupted'
  /** The error code a failed deploy ended with. */
  error?: string
  /** The signal that stopped an interrupted deploy. */
  signal?: string
  /** The phase that was running when the deploy was interrupted or crashed. */
  interruptedPhase?: string
  /** `deploy --plan`: SHA-256 of the saved plan file that was applied (or refused). */
  savedPlan?: string
  durationMs: number
  /** The hash chain (src/audit/chain.ts): the previous record's hash and this record's own; absent in older files. */
  prev?: string
  hash?: string
}

export interface GitState {
  commit: string | null
  dirty: boolean
}

/** The inventory's commit and whether it has uncommitted changes; an inventory outside git (or no git) gives null. */
export async function inventoryGitState(dir: string): Promise<GitState> {
  try {
    const head = await runLocal(['git', '-C', dir, 'rev-parse', 'HEAD'], {kind: 'git', timeoutMs: 10_000})
    if (head.exitCode !== 0) return {commit: null, dirty: false}
    const status = await runLocal(['git', '-C', dir, 'status', '--porcelain', '--', '.'], {kind: 'git', timeoutMs: 10_000})
    return {commit: head.stdout.trim(), dirty: status.stdout.trim() !== ''}
  } catch {
    return {commit: null, dirty: false}
  }
}

export const auditIdentity = (): {user: string; host: string} => ({user: userInfo().username, host: hostname()})

// The previous record is found in the file's tail; one record is a few KiB, so 1 MiB always holds the last whole one.
const TAIL_BYTES = 1 << 20

/** The last readable record of an audit file and whether the file ends inside a line (a torn write); null when empty or absent. */
async function fileTail(file: string): Promise<{last: Record<string, unknown> | null; torn: boolean}> {
  let fh
  try {
    fh = await open(file, 'r')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {last: null, torn: false}
    throw e
  }
  try {
    const {size} = await fh.stat()
    const length = Math.min(size, TAIL_BYTES)
    const buf = Buffer.alloc(length)
    await fh.read(buf, 0, length, size - length)
    const text = buf.toString('utf8')
    const lines = text.split('\n')
    // The first line of a partial read may be cut; it is used only when the read started at the file's beginning.
    const whole = size > length ? lines.slice(1) : lines
    for (const line of whole.reverse()) {
      try {
        const rec: unknown = JSON.parse(line)
        if (typeof rec === 'object' && rec !== null && !Array.isArray(rec))
          return {last: rec as Record<string, unknown>, torn: !text.endsWith('\n') && size > 0}
      } catch {
        // a torn or foreign line: the chain continues from the last record that reads
      }
    }
    return {last: null, torn: size > 0 && !text.endsWith('\n')}
  } finally {
    await fh.close()
  }
}

/**
 * A single appended line, chained to the file's last record: an interrupted write leaves at most one torn last line,
 * never a rewritten file, and the next record starts on a line of its own.
 */
export async function appendAuditFile(file: string, record: AuditRecord): Promise<void> {
  try {
    await mkdir(dirname(file), {recursive: true})
    const {last, torn} = await fileTail(file)
    const chained = chainRecord(record, last)
    await appendFile(file, `${torn ? '\n' : ''}${JSON.stringify(chained)}\n`, {mode: 0o644})
  } catch (e) {
    throw deployErrors.auditFailed(file, (e as NodeJS.ErrnoException).code ?? (e as Error).message)
  }
}

export const AUDIT_TABLE = 'kotadc_audit'
const CREATE_TABLE = `create table if not exists ${AUDIT_TABLE} (id bigserial primary key, at timestamptz not null, site text not null, outcome text not null, record jsonb not null)`

/**
 * Appends the record to the kotadc_audit table of the pg backend's database, creating the table when missing. The
 * table is one chain in id order; the table lock makes reading the last hash and inserting one step, also for two
 * sites sharing the database.
 */
export async function appendAuditPg(connString: string, record: AuditRecord): Promise<void> {
  const client = new (await loadPg()).Client({connectionString: connString, connectionTimeoutMillis: 15_000})
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.query(CREATE_TABLE)
    await client.query('begin')
    await client.query(`lock table ${AUDIT_TABLE} in share row exclusive mode`)
    const last = await client.query<{record: Record<string, unknown>}>(`select record from ${AUDIT_TABLE} order by id desc limit 1`)
    const chained = chainRecord(record, last.rows[0]?.record ?? null)
    await client.query(`insert into ${AUDIT_TABLE} (at, site, outcome, record) values ($1, $2, $3, $4)`, [
      record.at,
      record.site,
      record.outcome,
      JSON.stringify(chained),
    ])
    await client.query('commit')
  } catch (e) {
    await client.query('rollback').catch(() => undefined)
    throw deployErrors.auditFailed(`table ${AUDIT_TABLE}`, (e as Error).message)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Every record of the pg backend's audit table as JSON text, in id (chain) order; no table yet gives none. */
export async function readAuditPg(connString: string): Promise<string[]> {
  const client = new (await loadPg()).Client({connectionString: connString, connectionTimeoutMillis: 15_000})
  client.on('error', () => undefined)
  try {
    await client.connect()
    const exists = await client.query<{t: string | null}>('select to_regclass($1) as t', [AUDIT_TABLE])
    if (!exists.rows[0]?.t) return []
    const rows = await client.query<{record: string}>(`select record::text as record from ${AUDIT_TABLE} order by id`)
    return rows.rows.map((r) => r.record)
  } finally {
    await client.end().catch(() => undefined)
  }
}

export type AuditSink = (record: AuditRecord) => Promise<void>
