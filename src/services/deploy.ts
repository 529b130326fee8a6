import path from 'node:path'
import type {OpsErrorJson} from '../errors/ops-error.js'
import type {Inventory} from '../inventory/model.js'
import {resolveConnString} from '../exec/terraform/backend.js'
import type {AuditRecord, AuditSink, GitState} from './audit.js'
import {appendAuditFile, appendAuditPg, auditIdentity, inventoryGitState} from './audit.js'
import type {PhaseReport, SiteDeps, SiteOptions} from './deploy/context.js'
import {errorJson, inventoryDirOf, playbookStatus, projectRootOf} from './deploy/context.js'
import {hasPhasePlaybook, preflightPhasePlaybook, runPhasePlaybook} from './deploy/prepared-playbooks.js'
import type {Phase} from './deploy/phases.js'
import {selectPhases} from './deploy/phases.js'
import type {ReadyStack} from './deploy/stack-phase.js'
import {applyStacksPhase, preflightStacks} from './deploy/stack-phase.js'
import type {DeployLocker} from './deploy-lock.js'
import {currentHolder, fileLocker, pgLocker, withDeployLock} from './deploy-lock.js'

export interface DeployOptions extends SiteOptions {
  /** The command line, for the lock holder and the audit record. */
  command: string
  /** Asked once everything is checked and before the lock is taken; throws to cancel. */
  confirm?: (question: string) => Promise<void>
  /** Wait this long for another deploy's pg lock (ms). */
  lockWaitMs?: number
}

export interface DeployDeps extends SiteDeps {
  locker: DeployLocker
  audit: AuditSink[]
  git: (dir: string) => Promise<GitState>
  clock: () => Date
}

/** The `kotadc deploy --json` contract. */
export interface DeployResult {
  site: string
  env: string | null
  outcome: 'succeeded' | 'failed'
  phases: PhaseReport[]
  audit: AuditRecord
  /** 0 succeeded, 3 a host or terraform failed, 1 a user error stopped a phase. */
  exitCode: number
}

export const AUDIT_FILE = path.join('.kotadc', 'audit.jsonl')
export const DEPLOY_LOCK_FILE = path.join('.kotadc', 'deploy.lock')

/** Lock and audit where the backend says: pg advisory lock and table with the pg backend, files under .kotadc/ otherwise. */
export function deployLockAndAudit(inv: Inventory, opts: Pick<DeployOptions, 'cwd' | 'environ' | 'command' | 'lockWaitMs'>): {locker: DeployLocker; audit: AuditSink[]} {
  const root = projectRootOf(inv, opts.cwd)
  const holder = currentHolder(opts.command)
  const file: AuditSink = (r) => appendAuditFile(path.join(root, AUDIT_FILE), r)
  const backend = inv.terraform.backend
  if (backend.type !== 'pg') return {locker: fileLocker(path.join(root, DEPLOY_LOCK_FILE), holder), audit: [file]}
  const conn = resolveConnString(backend.connString, opts.environ)
  return {locker: pgLocker(conn, inv.site.name, holder, {waitMs: opts.lockWaitMs ?? 60_000}), audit: [file, (r) => appendAuditPg(conn, r)]}
}

const changedOf = (p: PhaseReport): boolean => p.status === 'changed'

async function runPhase(phase: Phase, inv: Inventory, opts: DeployOptions, deps: DeployDeps, ready: readonly ReadyStack[]): Promise<PhaseReport> {
  if (phase.kind === 'stacks') return applyStacksPhase(phase, ready, opts, deps)
  try {
    const r = await runPhasePlaybook(phase.runs, inv, {check: false, diff: false, limit: opts.limit, environ: opts.environ, cwd: opts.cwd, ...(opts.onEvent ? {onEvent: opts.onEvent} : {})}, deps)
    const status = playbookStatus(r, false)
    return {name: phase.name, kind: 'playbook', status, ...(status === 'skipped' ? {reason: 'no host selected'} : {}), hosts: r.hosts}
  } catch (e) {
    return {name: phase.name, kind: 'playbook', status: 'failed', error: errorJson(e), hosts: []}
  }
}

/**
 * `kotadc deploy`: check everything that can fail before any change (phases, playbooks for the selected hosts,
 * secrets, terraform, synth, init), confirm, then under the deploy lock run the phases in dependency order,
 * stopping at the first failed phase, and append the audit record before the lock is released.
 */
export async function deploySite(inv: Inventory, opts: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  const phases = selectPhases(opts.phases)
  for (const p of phases.filter((x) => x.kind === 'playbook')) {
    if (!hasPhasePlaybook(deps, p.runs)) throw new Error(`phase ${p.name} names no built-in playbook ${p.runs}`)
    await preflightPhasePlaybook(p.runs, inv, {check: false, limit: opts.limit, environ: opts.environ, cwd: opts.cwd}, deps)
  }
  const ready = phases.some((p) => p.kind === 'stacks') ? await preflightStacks(inv, opts, deps) : []
  await opts.confirm?.(`deploy ${phases.map((p) => p.name).join(', ')} to site ${inv.site.name}${inv.env ? ` (env ${inv.env})` : ''}?`)

  return withDeployLock(deps.locker, async () => {
    const started = deps.now()
    const at = deps.clock().toISOString()
    const git = await deps.git(inventoryDirOf(inv, opts.cwd))
    const reports: PhaseReport[] = []
    let stop: PhaseReport | undefined
    for (const phase of phases) {
      if (stop) {
        reports.push({name: phase.name, kind: phase.kind, status: 'not-run', reason: `phase ${stop.name} failed`})
        continue
      }
      const report = await runPhase(phase, inv, opts, deps, ready)
      reports.push(report)
      if (report.status === 'failed') stop = report
    }
    const firstError: OpsErrorJson | undefined = stop?.error ?? stop?.hosts?.find((h) => h.error)?.error
    const record: AuditRecord = {
      at,
      ...auditIdentity(),
      command: opts.command,
      site: inv.site.name,
      env: inv.env ?? null,
      inventoryCommit: git.commit,
      dirty: git.dirty,
      phases: reports.map((p) => ({name: p.name, changed: changedOf(p), failed: p.status === 'failed'})),
      outcome: stop ? 'failed' : 'succeeded',
      ...(firstError ? {error: firstError.code} : {}),
      durationMs: deps.now() - started,
    }
    for (const sink of deps.audit) await sink(record)
    const exitCode = !stop ? 0 : stop.error?.family === 'user' ? 1 : 3
    return {site: inv.site.name, env: inv.env ?? null, outcome: record.outcome, phases: reports, audit: record, exitCode}
  })
}

export const defaultGit = inventoryGitState
