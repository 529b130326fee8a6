import {randomBytes} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import type {GitState} from '../../exec/audit.js'
import {writeSavedPlan} from '../../exec/saved-plan-file.js'
import {recipientsFor} from '../../exec/secrets-file.js'
import {savedPlanErrors} from '../../errors/saved-plan.js'
import {ageIdentityFor} from '../../inventory/age-identity.js'
import type {Inventory} from '../../inventory/model.js'
import {hostChanges, vmChanges, SAVED_PLAN_FORMAT, SAVED_PLAN_VERSION, type SavedPlan, type SavedStackPlan} from '../../saved-plan/bundle.js'
import type {SiteDeps, SiteOptions} from '../deploy/context.js'
import {errorJson, inventoryDirOf} from '../deploy/context.js'
import {PLAN_FILE, reportPlan} from '../deploy/stacks.js'
import {planSite, type PlanResult} from '../plan.js'
import {digestFiles, digestSecrets, digestStacks, kotadcVersion} from './inputs.js'

export interface SavePlanDeps extends SiteDeps {
  git: (dir: string) => Promise<GitState>
  clock: () => Date
}

/**
 * `kotadc plan --out FILE`: the plan of every selected phase, saved with terraform's plan files and a digest of every
 * input, encrypted to the inventory's recipients. A plan with a failed phase is reported but not saved: only a
 * complete plan can be applied exactly.
 */
export async function planToFile(inv: Inventory, out: string, opts: SiteOptions, deps: SavePlanDeps): Promise<PlanResult> {
  const dir = inventoryDirOf(inv, opts.cwd)
  const store = await deps.secrets(inv)
  const salt = randomBytes(32).toString('hex')
  // Read before planning: the plan is computed from these bytes, whatever changes while it runs.
  const files = await digestFiles(inv, opts.cwd)
  const secrets = digestSecrets(store, salt)
  const git = await deps.git(dir)
  const stacks: (SavedStackPlan & {dir: string})[] = []
  const result = await planSite(inv, opts, deps, {
    keep: async (r, plan) => {
      stacks.push({
        stack: r.report.stack,
        host: r.report.host,
        dir: r.run.dir,
        report: reportPlan(plan),
        state: (await deps.terraform.stateVersion?.(r.run)) ?? null,
        ...(plan.hasChanges ? {planFile: (await readFile(join(r.run.dir, PLAN_FILE))).toString('base64')} : {}),
      })
    },
  })
  if (result.exitCode !== 0 && result.exitCode !== 2) return {...result, notSaved: errorJson(savedPlanErrors.notSaved(out, result.exitCode))}
  const tf = stacks.length > 0 ? await deps.terraform.version() : undefined
  const plan: SavedPlan = {
    format: SAVED_PLAN_FORMAT,
    version: SAVED_PLAN_VERSION,
    site: inv.site.name,
    env: inv.env ?? null,
    createdAt: deps.clock().toISOString(),
    inventoryCommit: git.commit,
    dirty: git.dirty,
    phases: result.phases.map((p) => p.name),
    limit: opts.limit,
    inputs: {
      salt,
      files,
      secrets,
      stacks: await digestStacks(stacks),
      terraform: tf ? `${tf.flavor} ${tf.version}` : null,
      kotadc: await kotadcVersion(),
    },
    hosts: [
      ...result.phases.filter((p) => p.kind === 'playbook').flatMap((p) => (p.hosts ?? []).map((h) => hostChanges(p.name, h))),
      ...result.phases.flatMap((p) => (p.kind === 'vms' ? (p.vms ?? []).map(vmChanges) : [])),
    ],
    stacks: stacks.map(({dir: _dir, ...s}) => s),
  }
  const identity = ageIdentityFor(dir, opts.environ)
  const sha256 = await writeSavedPlan(resolve(opts.cwd, out), plan, await recipientsFor([], identity?.file, dir))
  return {...result, saved: {file: out, sha256}}
}
