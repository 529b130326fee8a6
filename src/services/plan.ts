import type {Inventory} from '../inventory/model.js'
import type {PhaseReport, SiteDeps, SiteOptions} from './deploy/context.js'
import {errorJson, planExitCode, playbookStatus} from './deploy/context.js'
import type {Phase} from './deploy/phases.js'
import {selectPhases} from './deploy/phases.js'
import {hasPhasePlaybook, runPhasePlaybook} from './deploy/prepared-playbooks.js'
import {planStacksPhase} from './deploy/stack-phase.js'

/** The `kotadc plan --json` (and `kotadc drift --json`) contract. */
export interface PlanResult {
  site: string
  env: string | null
  phases: PhaseReport[]
  /** 0 no changes, 2 changes, 1 a user error stopped a phase, 3 a host or terraform failed. */
  exitCode: number
  durationMs: number
}

/** One playbook phase in check mode: connect, gather, plan; nothing changes. */
export async function checkPlaybookPhase(phase: Phase, inv: Inventory, opts: SiteOptions, deps: SiteDeps): Promise<PhaseReport> {
  if (!hasPhasePlaybook(deps, phase.runs))
    return {name: phase.name, kind: 'playbook', status: 'failed', error: errorJson(new Error(`no built-in playbook ${phase.runs}`))}
  try {
    const r = await runPhasePlaybook(
      phase.runs,
      inv,
      {check: true, diff: false, limit: opts.limit, environ: opts.environ, cwd: opts.cwd, ...(opts.onEvent ? {onEvent: opts.onEvent} : {})},
      deps,
    )
    const status = playbookStatus(r, true)
    return {name: phase.name, kind: 'playbook', status, ...(status === 'skipped' ? {reason: 'no host selected'} : {}), hosts: r.hosts}
  } catch (e) {
    return {name: phase.name, kind: 'playbook', status: 'failed', error: errorJson(e), hosts: []}
  }
}

/**
 * `kotadc plan`: every selected phase in order, playbooks in check mode and stacks through `terraform plan`
 * (with refresh, so changes made outside kotadc show). Phases do not stop each other: the report is complete.
 */
export async function planSite(inv: Inventory, opts: SiteOptions, deps: SiteDeps, mode: {refreshOnly?: boolean} = {}): Promise<PlanResult> {
  const started = deps.now()
  const phases: PhaseReport[] = []
  for (const phase of selectPhases(opts.phases)) {
    phases.push(
      phase.kind === 'playbook' ? await checkPlaybookPhase(phase, inv, opts, deps) : await planStacksPhase(phase, inv, opts, deps, mode.refreshOnly),
    )
  }
  return {site: inv.site.name, env: inv.env ?? null, phases, exitCode: planExitCode(phases), durationMs: deps.now() - started}
}
