import {resolve} from 'node:path'
import {readSavedPlan} from '../../exec/saved-plan-file.js'
import {ageIdentityFor} from '../../inventory/age-identity.js'
import {inventoryDirOf} from '../deploy/context.js'
import {SavedPlanStaleError, savedPlanErrors} from '../../errors/saved-plan.js'
import type {Inventory} from '../../inventory/model.js'
import type {HostChanges, SavedPlan} from '../../saved-plan/bundle.js'
import {hostChanges, vmChanges} from '../../saved-plan/bundle.js'
import type {PlanDifference} from '../../saved-plan/compare.js'
import {compareHostChanges, compareInputs, compareStates} from '../../saved-plan/compare.js'
import type {DeployDeps, DeployOptions, DeployResult, SavedPlanHooks} from '../deploy.js'
import {deploySite} from '../deploy.js'
import {selectPhases} from '../deploy/phases.js'
import type {ReadyStack} from '../deploy/stack-phase.js'
import {checkPlaybookPhase} from '../plan.js'
import {runVmsPhase} from '../vms/site-phase.js'
import {digestInputs} from './inputs.js'

export interface SavedPlanFile {
  file: string
  plan: SavedPlan
  sha256: string
}

const siteOf = (site: string, env: string | null): string => `site ${site}${env ? ` (env ${env})` : ''}`

/** What each playbook phase would change now, host by host; a host that cannot be checked is a difference. */
async function checkedHostChanges(inv: Inventory, plan: SavedPlan, opts: DeployOptions, deps: DeployDeps): Promise<PlanDifference[]> {
  const out: PlanDifference[] = []
  for (const phase of selectPhases(plan.phases).filter((p) => p.kind === 'playbook')) {
    const report = await checkPlaybookPhase(phase, inv, {...opts, diff: false}, deps)
    if (report.error)
      out.push({kind: 'host', name: '(all)', phase: phase.name, what: `phase ${phase.name} cannot be checked now: ${report.error.message}`})
    const now: HostChanges[] = []
    for (const h of report.hosts ?? []) {
      if (h.error) out.push({kind: 'host', name: h.host, phase: phase.name, what: `cannot be checked now (${h.error.code}): ${h.error.message}`})
      else now.push(hostChanges(phase.name, h))
    }
    const unchecked = new Set((report.hosts ?? []).filter((h) => h.error).map((h) => h.host))
    out.push(...compareHostChanges(phase.name, plan.hosts, now).filter((d) => !unchecked.has(d.host ?? d.name)))
  }
  for (const phase of selectPhases(plan.phases).filter((p) => p.kind === 'vms')) {
    const {report} = await runVmsPhase(phase, inv, opts, deps, true)
    const errors = [...(report.error ? [report.error] : []), ...(report.vms ?? []).flatMap((r) => r.errors)]
    for (const e of errors) out.push({kind: 'host', name: '(all)', phase: phase.name, what: `cannot be checked now (${e.code}): ${e.message}`})
    if (errors.length === 0) out.push(...compareHostChanges(phase.name, plan.hosts, (report.vms ?? []).map(vmChanges)))
  }
  return out
}

/**
 * `kotadc deploy --plan FILE`: the phases and --limit of the saved plan, applied exactly. Before any change it
 * refuses (SAVED_PLAN_STALE) when an inventory file, a secret, the terraform version, a stack's synthesized JSON or
 * state moved since the plan (checked before the lock), or when a host's facts no longer give the same change list
 * (checked under the lock, so nothing moves between the check and the apply but what kotadc itself changes).
 * Stacks apply terraform's saved plan files; playbook tasks are still re-planned just before each runs.
 */
export async function deploySavedPlan(inv: Inventory, saved: SavedPlanFile, opts: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  const {plan, file} = saved
  const here = siteOf(inv.site.name, inv.env ?? null)
  if (plan.site !== inv.site.name || plan.env !== (inv.env ?? null)) throw savedPlanErrors.otherSite(file, siteOf(plan.site, plan.env), here)
  const run: DeployOptions = {...opts, phases: plan.phases, limit: plan.limit}
  const stacks = new Map(plan.stacks.map((s) => [s.stack, s]))
  const hooks: SavedPlanHooks = {
    sha256: saved.sha256,
    checkInputs: async (ready: readonly ReadyStack[]) => {
      const tf = ready.length > 0 ? await deps.terraform.version() : undefined
      const now = await digestInputs(inv, {
        cwd: opts.cwd,
        store: await deps.secrets(inv),
        salt: plan.inputs.salt,
        stacks: ready.map((r) => ({stack: r.report.stack, dir: r.run.dir})),
        terraform: tf ? `${tf.flavor} ${tf.version}` : null,
      })
      const states: Record<string, string | null> = {}
      for (const r of ready) if (stacks.has(r.report.stack)) states[r.report.stack] = (await deps.terraform.stateVersion?.(r.run)) ?? null
      const saved = Object.fromEntries([...stacks.values()].filter((s) => s.stack in states).map((s) => [s.stack, s.state]))
      const differences = [...compareInputs(plan.inputs, now), ...compareStates(saved, states)]
      if (differences.length > 0) throw new SavedPlanStaleError(file, differences)
    },
    checkHosts: async () => {
      const differences = await checkedHostChanges(inv, plan, run, deps)
      if (differences.length > 0) throw new SavedPlanStaleError(file, differences)
    },
    stack: (name) => {
      const s = stacks.get(name)
      return s && {report: s.report, ...(s.planFile ? {planFile: Buffer.from(s.planFile, 'base64')} : {})}
    },
  }
  return deploySite(inv, {...run, saved: hooks}, deps)
}

/** Reads the saved plan with the identity that opens the inventory's secrets (KOTADC_AGE_IDENTITY, else the DEMO one). */
export async function openSavedPlan(
  inv: Inventory,
  file: string,
  opts: {cwd: string; environ: Record<string, string | undefined>},
): Promise<SavedPlanFile> {
  const identity = ageIdentityFor(inventoryDirOf(inv, opts.cwd), opts.environ)
  const path = resolve(opts.cwd, file)
  return {file, ...(await readSavedPlan(path, identity?.file))}
}
