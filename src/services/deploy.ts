import type {OpsErrorJson} from '../errors/ops-error.js'
import {asOpsError} from '../errors/cli.js'
import {Problems} from '../errors/problems.js'
import {onInterrupt} from '../exec/interrupt.js'
import type {Inventory} from '../inventory/model.js'
import {resolveConnString} from '../exec/terraform/backend.js'
import type {AuditRecord, AuditSink, GitState} from '../exec/audit.js'
import {appendAuditFile, appendAuditPg, auditIdentity, inventoryGitState} from '../exec/audit.js'
import type {PhaseReport, SiteDeps, SiteOptions} from './deploy/context.js'
import {errorJson, inventoryDirOf, playbookStatus} from './deploy/context.js'
import {hasPhasePlaybook, preflightPhasePlaybook, runPhasePlaybook} from './deploy/prepared-playbooks.js'
import type {Phase} from './deploy/phases.js'
import {selectPhases} from './deploy/phases.js'
import {auditFileOf} from './audit/trail.js'
import {auditPhase, unfinishedPhases} from './deploy/audit-phase.js'
import type {ReadyStack, SavedStackRun} from './deploy/stack-phase.js'
import {applyStacksPhase, preflightStacks} from './deploy/stack-phase.js'
import type {SiteLock} from '../lock/holder.js'
import {siteLock, withSiteLock} from './site-lock.js'
import {runVmsPhase} from './vms/site-phase.js'
import {hostsToDialAgain} from './deploy/site-shells.js'

export interface DeployOptions extends SiteOptions {
  /** The command line as typed, for the lock holder and the audit record. */
  command: string
  /** Asked once everything is checked and before the lock is taken; throws to cancel. */
  confirm?: (question: string) => Promise<void>
  /** Wait this long for another command's pg lock (ms). */
  lockWaitMs?: number
  /** `deploy --plan`: apply the reviewed plan instead of planning (services/saved-plan/apply.ts builds these). */
  saved?: SavedPlanHooks
}

/** How a reviewed plan steers a deploy: checks before any change, and each stack's saved plan file. */
export interface SavedPlanHooks {
  /** SHA-256 of the saved plan file, for the audit record. */
  sha256: string
  /** After preflight, before the confirmation and the lock: throws SAVED_PLAN_STALE when an input moved. */
  checkInputs(ready: readonly ReadyStack[]): Promise<void>
  /** Under the site lock, before the first change: throws SAVED_PLAN_STALE when a host would change differently. */
  checkHosts(): Promise<void>
  stack(name: string): SavedStackRun | undefined
}

export interface DeployDeps extends SiteDeps {
  lock: SiteLock
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

export {AUDIT_FILE} from './audit/trail.js'

/** The site lock and the audit sinks where the backend says: pg advisory lock and table with pg, files under .kotadc/ otherwise. */
export function deployLockAndAudit(
  inv: Inventory,
  opts: Pick<DeployOptions, 'cwd' | 'environ' | 'command' | 'lockWaitMs'>,
): {lock: SiteLock; audit: AuditSink[]} {
  const file: AuditSink = (r) => appendAuditFile(auditFileOf(inv, opts.cwd), r)
  const lock = siteLock(inv, {cwd: opts.cwd, environ: opts.environ, command: opts.command, waitMs: opts.lockWaitMs ?? 60_000})
  const backend = inv.terraform.backend
  if (backend.type !== 'pg') return {lock, audit: [file]}
  const conn = resolveConnString(backend.connString, opts.environ)
  return {lock, audit: [file, (r) => appendAuditPg(conn, r)]}
}

async function runPhase(phase: Phase, inv: Inventory, opts: DeployOptions, deps: DeployDeps, ready: readonly ReadyStack[]): Promise<PhaseReport> {
  if (phase.kind === 'stacks') return applyStacksPhase(phase, ready, opts, deps, opts.saved && ((name) => opts.saved?.stack(name)))
  if (phase.kind === 'vms') throw new Error('the vms phase runs through runVmsPhase')
  try {
    const r = await runPhasePlaybook(
      phase.runs,
      inv,
      {
        check: false,
        diff: false,
        limit: opts.limit,
        environ: opts.environ,
        cwd: opts.cwd,
        ...opts.connect,
        ...(opts.onEvent ? {onEvent: opts.onEvent} : {}),
      },
      deps,
    )
    const status = playbookStatus(r, false)
    return {name: phase.name, kind: 'playbook', status, ...(status === 'skipped' ? {reason: 'no host selected'} : {}), hosts: r.hosts}
  } catch (e) {
    return {name: phase.name, kind: 'playbook', status: 'failed', error: errorJson(e), hosts: []}
  }
}

/**
 * `kotadc deploy`: check everything that can fail before any change (phases, playbooks for the selected hosts,
 * secrets, terraform, synth, init), confirm, then under the site lock run the phases in dependency order,
 * stopping at the first failed phase, and append the audit record before the lock is released: also when a phase
 * throws (`failed`) or a signal stops the deploy (`interrupted`, written by the signal handler).
 */
export async function deploySite(inv: Inventory, opts: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  const phases = selectPhases(opts.phases)
  // Every phase is checked even when one fails: the deploy reports all it can find before any change, like validate.
  const problems = new Problems()
  for (const p of phases.filter((x) => x.kind === 'playbook')) {
    if (!hasPhasePlaybook(deps, p.runs)) throw new Error(`phase ${p.name} names no built-in playbook ${p.runs}`)
    await problems.check(() => preflightPhasePlaybook(p.runs, inv, {check: false, limit: opts.limit, environ: opts.environ, cwd: opts.cwd}, deps))
  }
  let ready: ReadyStack[] = []
  if (phases.some((p) => p.kind === 'stacks')) await problems.check(async () => void (ready = await preflightStacks(inv, opts, deps)))
  problems.throwIfAny()
  await opts.saved?.checkInputs(ready)
  await opts.confirm?.(
    `${opts.saved ? `apply the saved plan (sha256 ${opts.saved.sha256.slice(0, 12)}): ` : ''}deploy ${phases.map((p) => p.name).join(', ')} to site ${inv.site.name}${inv.env ? ` (env ${inv.env})` : ''}?`,
  )

  // Read before the lock, so from the moment it is held the interrupted record can be written.
  const git = await deps.git(inventoryDirOf(inv, opts.cwd))
  return withSiteLock(deps.lock, async () => {
    const started = deps.now()
    const at = deps.clock().toISOString()
    const reports: PhaseReport[] = []
    let running: string | undefined
    // Exactly one record per deploy that took the lock, however it ends: finished, threw, or stopped by a signal.
    let recorded: AuditRecord | undefined
    const record = async (end: {
      outcome: AuditRecord['outcome']
      error?: string | undefined
      signal?: string
      interruptedPhase?: string | undefined
      refused?: string
    }): Promise<AuditRecord> => {
      if (recorded) return recorded
      recorded = {
        at,
        ...auditIdentity(),
        command: opts.command,
        site: inv.site.name,
        env: inv.env ?? null,
        inventoryCommit: git.commit,
        dirty: git.dirty,
        phases: [
          ...reports.map(auditPhase),
          ...unfinishedPhases(
            phases.slice(reports.length).map((p) => p.name),
            {signal: end.signal, running: end.interruptedPhase, refused: end.refused},
          ),
        ],
        outcome: end.outcome,
        ...(end.error ? {error: end.error} : {}),
        ...(end.signal ? {signal: end.signal} : {}),
        ...(end.interruptedPhase ? {interruptedPhase: end.interruptedPhase} : {}),
        ...(opts.saved ? {savedPlan: opts.saved.sha256} : {}),
        durationMs: deps.now() - started,
      }
      for (const sink of deps.audit) await sink(recorded)
      return recorded
    }
    let site = inv
    const off = onInterrupt(async (signal) => void (await record({outcome: 'interrupted', signal, interruptedPhase: running})))
    try {
      try {
        await opts.saved?.checkHosts()
      } catch (e) {
        const code = asOpsError(e).code
        await record({outcome: 'failed', error: code, refused: code})
        throw e
      }
      let stop: PhaseReport | undefined
      for (const phase of phases) {
        if (stop) {
          reports.push({name: phase.name, kind: phase.kind, status: 'not-run', reason: `phase ${stop.name} failed`})
          continue
        }
        running = phase.name
        const phaseStarted = deps.now()
        let phaseReport: PhaseReport
        if (phase.kind === 'vms') {
          const r = await runVmsPhase(phase, site, opts, deps, false)
          // New VMs are hosts from here on, pinned to the keys just generated.
          site = r.inventory
          phaseReport = r.report
        } else phaseReport = await runPhase(phase, site, opts, deps, ready)
        const report = {...phaseReport, durationMs: deps.now() - phaseStarted}
        await deps.shells?.drop(hostsToDialAgain(report))
        running = undefined
        reports.push(report)
        if (report.status === 'failed') stop = report
      }
      const firstError: OpsErrorJson | undefined = stop?.error ?? stop?.hosts?.find((h) => h.error)?.error
      const audit = await record({outcome: stop ? 'failed' : 'succeeded', error: firstError?.code})
      const exitCode = !stop ? 0 : stop.error?.family === 'user' ? 1 : 3
      return {site: inv.site.name, env: inv.env ?? null, outcome: stop ? 'failed' : 'succeeded', phases: reports, audit, exitCode}
    } catch (e) {
      await record({outcome: 'failed', error: asOpsError(e).code, interruptedPhase: running}).catch(() => undefined)
      throw e
    } finally {
      off()
      await deps.shells?.closeAll()
    }
  })
}

export const defaultGit = inventoryGitState
