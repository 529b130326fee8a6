import type {OpsErrorJson} from '../errors/ops-error.js'
import type {Inventory} from '../inventory/model.js'
import {createMasker, maskDeep} from '../inventory/secret-mask.js'
import type {SecretStore} from '../inventory/secrets.js'
import type {PhaseReport, SiteDeps, SiteOptions} from './deploy/context.js'
import {errorJson, planExitCode, playbookStatus} from './deploy/context.js'
import type {Phase} from './deploy/phases.js'
import {selectPhases} from './deploy/phases.js'
import {hasPhasePlaybook, runPhasePlaybook} from './deploy/prepared-playbooks.js'
import {planStacksPhase, type StackPlanKeeper} from './deploy/stack-phase.js'
import {runVmsPhase} from './vms/site-phase.js'

/** The `kotadc plan --json` (and `kotadc drift --json`) contract. */
export interface PlanResult {
  site: string
  env: string | null
  phases: PhaseReport[]
  /** 0 no changes, 2 changes, 1 a user error stopped a phase, 3 a host or terraform failed. */
  exitCode: number
  durationMs: number
  /** `plan --out`: where the encrypted plan was saved and the SHA-256 of that file (deploy --plan records it). */
  saved?: {file: string; sha256: string}
  /** `plan --out` with a failed phase: why nothing was saved (SAVED_PLAN_NOT_SAVED). */
  notSaved?: OpsErrorJson
}

/** One playbook phase in check mode: connect, gather, plan; nothing changes. */
export async function checkPlaybookPhase(phase: Phase, inv: Inventory, opts: SiteOptions, deps: SiteDeps): Promise<PhaseReport> {
  if (!hasPhasePlaybook(deps, phase.runs))
    return {name: phase.name, kind: 'playbook', status: 'failed', error: errorJson(new Error(`no built-in playbook ${phase.runs}`))}
  try {
    const r = await runPhasePlaybook(
      phase.runs,
      inv,
      {
        check: true,
        diff: opts.diff ?? false,
        limit: opts.limit,
        environ: opts.environ,
        cwd: opts.cwd,
        ...opts.connect,
        ...(opts.onEvent ? {onEvent: opts.onEvent} : {}),
      },
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
export async function planSite(
  inv: Inventory,
  opts: SiteOptions,
  deps: SiteDeps,
  mode: {refreshOnly?: boolean; keep?: StackPlanKeeper} = {},
): Promise<PlanResult> {
  const started = deps.now()
  const phases: PhaseReport[] = []
  try {
    for (const phase of selectPhases(opts.phases)) {
      if (phase.kind === 'vms') phases.push((await runVmsPhase(phase, inv, opts, deps, true)).report)
      else
        phases.push(
          phase.kind === 'playbook'
            ? await checkPlaybookPhase(phase, inv, opts, deps)
            : await planStacksPhase(phase, inv, opts, deps, mode.refreshOnly, mode.keep),
        )
    }
  } finally {
    // Check mode changes nothing, so every phase keeps the connections the first one made.
    await deps.shells?.closeAll()
  }
  return {site: inv.site.name, env: inv.env ?? null, phases, exitCode: planExitCode(phases), durationMs: deps.now() - started}
}

/**
 * The plan with every value of the secret store masked, on top of what the runner masked (a task's own secrets):
 * a merge-request comment is read by more people than the plan's operator.
 */
export const maskedWithSecrets = (r: PlanResult, store: SecretStore): PlanResult =>
  maskDeep(r, createMasker(store.names().map((n) => store.get(n).reveal())))
