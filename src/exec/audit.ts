import {appendFile, mkdir} from 'node:fs/promises'
import {hostname, userInfo} from 'node:os'
import {dirname} from 'node:path'
import pg from 'pg'
import {runLocal} from './local.js'
import {deployErrors} from '../errors/deploy.js'

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
  durationMs: number
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

/** A single appended line: an interrupted write leaves at most one torn last line, never a rewritten file. */
export async function appendAuditFile(file: string, record: AuditRecord): Promise<void> {
  try {
    await mkdir(dirname(file), {recursive: true})
    await appendFile(file, `${JSON.stringify(record)}\n`, {mode: 0o644})
  } catch (e) {
    throw deployErrors.auditFailed(file, (e as NodeJS.ErrnoException).code ?? (e as Error).message)
  }
}

export const AUDIT_TABLE = 'kotadc_audit'

/** Appends the record to the kotadc_audit table of the pg backend's database, creating the table when missing. */
export async function appendAuditPg(connString: string, record: AuditRecord): Promise<void> {
  const client = new pg.Client({connectionString: connString, connectionTimeoutMillis: 15_000})
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.query(
      `create table if not exists ${AUDIT_TABLE} (id bigserial primary key, at timestamptz not null, site text not null, outcome text not null, record jsonb not null)`,
    )
    await client.query(`insert into ${AUDIT_TABLE} (at, site, outcome, record) values ($1, $2, $3, $4)`, [
      record.at,
      record.site,
      record.outcome,
      JSON.stringify(record),
    ])
  } catch (e) {
    throw deployErrors.auditFailed(`table ${AUDIT_TABLE}`, (e as Error).message)
  } finally {
    await client.end().catch(() => undefined)
  }
}

export type AuditSink = (record: AuditRecord) => Promise<void>
