import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {assertInsideFence} from '../../exec/fence.js'
import {PRIVATE_FILE_MODE} from '../../exec/private-files.js'
import type {PlanSummary} from '../../exec/terraform/plan-json.js'
import type {PreparedStack} from '../../exec/terraform/stack-dir.js'
import {ensureInitialized} from '../../exec/terraform/stack-dir.js'
import type {Inventory} from '../../inventory/model.js'
import type {PhaseReport, SiteDeps, SiteOptions, StackReport} from './context.js'
import {errorJson, projectRootOf} from './context.js'
import {deployErrors} from '../../errors/deploy.js'
import {Problems} from '../../errors/problems.js'
import {stackSshEnv} from './stack-ssh.js'
import {sshTargetFor} from '../ssh-targets.js'
import type {Phase} from './phases.js'
import {
  discardPlan,
  missingSecrets,
  PLAN_FILE,
  planStack,
  prepareStacks,
  reportPlan,
  selectStackHosts,
  synthStacksCached,
  withSecrets,
  type StackPlanReport,
} from './stacks.js'

export interface ReadyStack {
  run: PreparedStack
  report: StackReport
}

/** Called with each stack's fresh plan while its plan file still exists (`plan --out` keeps a copy of it). */
export type StackPlanKeeper = (r: ReadyStack, plan: PlanSummary) => Promise<void>

/** A reviewed plan of one stack (`deploy --plan`): terraform's plan file when it changes something, and its report. */
export interface SavedStackRun {
  planFile?: Uint8Array
  report: StackPlanReport
}

/**
 * Everything about the selected stacks that can fail before any change: secrets, the terraform binary, synth,
 * stack directories and `terraform init` (a missing provider fails here). Throws every problem found (Problems).
 */
export async function preflightStacks(inv: Inventory, opts: SiteOptions, deps: SiteDeps): Promise<ReadyStack[]> {
  const hosts = selectStackHosts(inv, opts.limit)
  if (hosts.length === 0) return []
  // terraform's docker provider dials ssh://<host address> (and its jump host) itself, outside connectSsh.
  for (const h of hosts) assertInsideFence(sshTargetFor(inv, h, opts.environ), 'docker host', opts.environ)
  const store = await deps.secrets(inv)
  // Missing secrets do not stop the checks that follow: terraform, synth and init problems are reported with them.
  const problems = new Problems()
  const missing = missingSecrets(inv, hosts, store)
  if (missing.length > 0) problems.add(deployErrors.secretsMissing(missing))
  let stacks: {synthesized: Awaited<ReturnType<typeof synthStacksCached>>; prepared: PreparedStack[]} | undefined
  await problems.check(async () => {
    const {flavor, version} = await deps.terraform.version()
    const synthesized = await (deps.synthStacks ?? synthStacksCached)(inv, hosts, projectRootOf(inv, opts.cwd))
    stacks = {
      synthesized,
      prepared: await prepareStacks(inv, synthesized, {
        projectRoot: projectRootOf(inv, opts.cwd),
        binaryVersion: `${flavor} ${version}`,
        environ: opts.environ,
      }),
    }
  })
  const ready: ReadyStack[] = []
  for (const [i, p] of (stacks?.prepared ?? []).entries()) {
    const s = stacks!.synthesized[i]!
    if (p.needsInit) opts.onProgress?.(`${s.stack}: terraform init`)
    await problems.check(async () => {
      const initialized = await ensureInitialized(deps.terraform, p)
      if (missing.length === 0)
        ready.push({
          run: withSecrets(inv, p, s.host, store),
          report: {stack: s.stack, host: s.host, containers: s.containers, written: p.written, initialized},
        })
    })
  }
  problems.throwIfAny()
  // Only once every stack is initialized: the hosts are contacted for plan and apply, never for a failing init.
  const ssh = await stackSshEnv(inv, hosts, projectRootOf(inv, opts.cwd), opts.environ, deps.hostKeys)
  return ready.map((r) => ({...r, run: {...r.run, env: {...r.run.env, ...ssh.get(r.report.host)}}}))
}

const noStacks = (phase: Phase): PhaseReport => ({name: phase.name, kind: 'stacks', status: 'skipped', reason: 'no docker host selected', stacks: []})

/** Plan (or, with refreshOnly, drift) of every stack; one stack failing fails the phase but the others still report. */
export async function planStacksPhase(
  phase: Phase,
  inv: Inventory,
  opts: SiteOptions,
  deps: SiteDeps,
  refreshOnly = false,
  keep?: StackPlanKeeper,
): Promise<PhaseReport> {
  let ready: ReadyStack[]
  try {
    ready = await preflightStacks(inv, opts, deps)
  } catch (e) {
    return {name: phase.name, kind: 'stacks', status: 'failed', error: errorJson(e), stacks: []}
  }
  return reportStacksPhase(phase, ready, opts, deps, refreshOnly, keep)
}

/** The plan (or drift) report of stacks prepared in preflight; their saved plans are deleted once read. */
export async function reportStacksPhase(
  phase: Phase,
  ready: readonly ReadyStack[],
  opts: SiteOptions,
  deps: SiteDeps,
  refreshOnly = false,
  keep?: StackPlanKeeper,
): Promise<PhaseReport> {
  if (ready.length === 0) return noStacks(phase)
  let failed: PhaseReport['error']
  let changes = false
  for (const r of ready) {
    opts.onProgress?.(`${r.report.stack}: terraform plan${refreshOnly ? ' -refresh-only' : ''}`)
    try {
      const plan = await planStack(deps.terraform, r.run, refreshOnly)
      await keep?.(r, plan)
      // plan and drift only report: the saved plan is never applied, so it does not stay behind with its secrets.
      await discardPlan(r.run)
      r.report.plan = reportPlan(plan)
      changes ||= refreshOnly ? plan.drift.length > 0 : plan.hasChanges
    } catch (e) {
      r.report.error = errorJson(e)
      failed ??= r.report.error
    }
  }
  const stacks = ready.map((r) => r.report)
  if (failed) return {name: phase.name, kind: 'stacks', status: 'failed', error: failed, stacks}
  return {name: phase.name, kind: 'stacks', status: changes ? 'changes' : 'unchanged', stacks}
}

/** Plans the stack now, or takes the reviewed plan: whether it changes anything; its plan file is in place when it does. */
async function stackPlanToApply(
  r: ReadyStack,
  opts: SiteOptions,
  deps: SiteDeps,
  saved?: (stack: string) => SavedStackRun | undefined,
): Promise<boolean> {
  if (!saved) {
    opts.onProgress?.(`${r.report.stack}: terraform plan`)
    const plan = await planStack(deps.terraform, r.run)
    r.report.plan = reportPlan(plan)
    return plan.hasChanges
  }
  const s = saved(r.report.stack)
  if (s) r.report.plan = s.report
  if (!s?.planFile) return false
  // The reviewed plan file goes where apply takes it from, private like every plan file (it holds variable values).
  await writeFile(join(r.run.dir, PLAN_FILE), s.planFile, {mode: PRIVATE_FILE_MODE})
  return true
}

/** Docker volumes a stack's plan would delete or replace: the data in them would be gone. */
const volumeLosses = (ready: readonly ReadyStack[]): {stack: string; address: string; action: string}[] =>
  ready.flatMap((r) =>
    (r.report.plan?.changes ?? [])
      .filter((c) => /(^|\.)docker_volume\./.test(c.address) && (c.action === 'delete' || c.action === 'replace'))
      .map((c) => ({stack: r.report.stack, address: c.address, action: c.action})),
  )

/**
 * Applies the stacks prepared in preflight: plan, then apply exactly that plan when it changes anything. With
 * `saved` (deploy --plan), nothing is planned: each stack's reviewed plan file is applied as it is. Every stack is
 * planned before any is applied, so a plan that would destroy a docker volume (a removed workload's data) stops the
 * phase with nothing applied, unless `--destroy-volumes` says so.
 */
export async function applyStacksPhase(
  phase: Phase,
  ready: readonly ReadyStack[],
  opts: SiteOptions,
  deps: SiteDeps,
  saved?: (stack: string) => SavedStackRun | undefined,
): Promise<PhaseReport> {
  if (ready.length === 0) return noStacks(phase)
  let failed: PhaseReport['error']
  let changed = false
  const toApply: ReadyStack[] = []
  for (const r of ready) {
    try {
      if (await stackPlanToApply(r, opts, deps, saved)) toApply.push(r)
      else {
        await discardPlan(r.run)
        r.report.applied = false
      }
    } catch (e) {
      r.report.error = errorJson(e)
      failed ??= r.report.error
    }
  }
  const losses = opts.destroyVolumes ? [] : volumeLosses(ready)
  if (losses.length > 0) {
    for (const r of toApply) {
      await discardPlan(r.run)
      r.report.applied = false
    }
    return {name: phase.name, kind: 'stacks', status: 'failed', error: errorJson(deployErrors.volumeLoss(losses)), stacks: ready.map((r) => r.report)}
  }
  for (const r of toApply) {
    try {
      opts.onProgress?.(`${r.report.stack}: terraform apply`)
      await deps.terraform.apply(r.run, PLAN_FILE)
      r.report.applied = true
      changed = true
    } catch (e) {
      r.report.error = errorJson(e)
      failed ??= r.report.error
    }
  }
  const stacks = ready.map((r) => r.report)
  if (failed) return {name: phase.name, kind: 'stacks', status: 'failed', error: failed, stacks}
  return {name: phase.name, kind: 'stacks', status: changed ? 'changed' : 'unchanged', stacks}
}
