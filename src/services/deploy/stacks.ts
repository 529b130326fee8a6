import {join} from 'node:path'
import {discardFile} from '../../exec/private-files.js'
import {backendEnv} from '../../exec/terraform/backend.js'
import type {PlanSummary} from '../../exec/terraform/plan-json.js'
import type {TerraformCli} from '../../exec/terraform/runner.js'
import type {PreparedStack} from '../../exec/terraform/stack-dir.js'
import {prepareStackDir, secureProjectState} from '../../exec/terraform/stack-dir.js'
import type {ContainerWorkload, Inventory} from '../../inventory/model.js'
import type {SecretStore} from '../../inventory/secrets.js'
import {resolveTargets} from '../../playbooks/targets.js'
import {dockerHostNames, dockerStackName} from '../../../stacks/docker-naming.js'
import {secretVariableEnv} from '../../../stacks/secret-variables.js'
import {deployErrors} from '../../errors/deploy.js'
import {cachedStackJson, recordStackSource, stackSourceKey} from '../../exec/terraform/synth-cache.js'

/** The plan file inside each stack directory; `apply` takes exactly this file. */
export const PLAN_FILE = 'kotadc.tfplan'

export interface SynthesizedStack {
  stack: string
  host: string
  containers: number
  json: string
  /** Key of the inventory slice and stack code the JSON came from (absent: not cached). */
  sourceKey?: string
  /** False when the JSON came from the last synth because nothing it depends on changed. */
  synthesized: boolean
}

/**
 * Docker hosts whose stacks `--limit` selects: a host name, `role:docker`, or `agency:<code>` (the docker hosts
 * running that agency's containers). No limit selects every docker host.
 */
export function selectStackHosts(inv: Inventory, limit: readonly string[]): string[] {
  const docker = dockerHostNames(inv)
  if (limit.length === 0) return docker
  const allowed = new Set(resolveTargets(inv, limit).map((h) => h.name))
  return docker.filter((h) => allowed.has(h))
}

const containersOn = (inv: Inventory, host: string): ContainerWorkload[] =>
  inv.workloads.filter((w): w is ContainerWorkload => w.kind === 'container' && w.host === host)

const synthEngine = async (): Promise<typeof import('./stack-synth.js')> => import('./stack-synth.js')

/** Synthesizes the stack of each docker host in memory (no files written). */
export async function synthStacks(inv: Inventory, hosts: readonly string[]): Promise<SynthesizedStack[]> {
  const {synthDockerHostStack} = await synthEngine()
  return hosts.map((host) => ({
    stack: dockerStackName(host),
    host,
    containers: containersOn(inv, host).length,
    json: synthDockerHostStack(inv, host),
    synthesized: true,
  }))
}

/**
 * Like synthStacks, but a stack whose inputs (its slice of the inventory, the stack code, cdktf) did not change since
 * the last synth is read back from .kotadc/stacks/<stack>/ instead of being synthesized again.
 */
export async function synthStacksCached(inv: Inventory, hosts: readonly string[], projectRoot: string): Promise<SynthesizedStack[]> {
  const out: SynthesizedStack[] = []
  for (const host of hosts) {
    const stack = dockerStackName(host)
    const sourceKey = await stackSourceKey(inv, host)
    const cached = await cachedStackJson(projectRoot, stack, sourceKey)
    const json = cached ?? (await synthEngine()).synthDockerHostStack(inv, host)
    out.push({stack, host, containers: containersOn(inv, host).length, json, sourceKey, synthesized: cached === undefined})
  }
  return out
}

export interface PrepareOptions {
  projectRoot: string
  binaryVersion: string
  environ: Record<string, string | undefined>
}

/** Writes each stack's directory (only files whose bytes changed) and says whether it needs `terraform init`. */
export async function prepareStacks(inv: Inventory, stacks: readonly SynthesizedStack[], opts: PrepareOptions): Promise<PreparedStack[]> {
  const backend = inv.terraform.backend
  const env = backendEnv(backend, opts.environ)
  await secureProjectState(opts.projectRoot, backend)
  const prepared: PreparedStack[] = []
  for (const s of stacks) {
    const p = await prepareStackDir({
      projectRoot: opts.projectRoot,
      stack: s.stack,
      json: s.json,
      backend,
      binaryVersion: opts.binaryVersion,
      ...(inv.terraform.providerMirror ? {providerMirror: inv.terraform.providerMirror} : {}),
      ...(env.PG_CONN_STR ? {pgConnString: env.PG_CONN_STR} : {}),
    })
    if (s.sourceKey && s.synthesized) await recordStackSource(opts.projectRoot, s.stack, s.sourceKey)
    prepared.push({...p, env: {...p.env, ...env}})
  }
  return prepared
}

/** Secret names the containers of a host need, each of which must resolve before terraform runs. */
export const stackSecretNames = (inv: Inventory, host: string): string[] => [...new Set(containersOn(inv, host).flatMap((w) => w.secrets))].sort()

/** Every secret the selected stacks need and the store cannot give: deploy refuses to start with any missing. */
export const missingSecrets = (inv: Inventory, hosts: readonly string[], store: SecretStore): string[] =>
  [...new Set(hosts.flatMap((h) => stackSecretNames(inv, h)))].filter((n) => !store.has(n)).sort()

/** The stack's run with its secrets as TF_VAR_secret_* (revealed only into terraform's environment). */
export function withSecrets(inv: Inventory, prepared: PreparedStack, host: string, store: SecretStore): PreparedStack {
  const names = stackSecretNames(inv, host)
  const missing = names.filter((n) => !store.has(n))
  if (missing.length > 0) throw deployErrors.secretsMissing(missing)
  return {...prepared, env: {...prepared.env, ...secretVariableEnv(names.map((n) => store.get(n)))}}
}

/** What a stack's plan says, compactly: the `--json` shape of one stack's changes. */
export interface StackPlanReport {
  counts: PlanSummary['counts']
  changes: {address: string; action: string; replacePaths?: string[]}[]
  drift: {address: string; action: string}[]
}

export const reportPlan = (p: PlanSummary): StackPlanReport => ({
  counts: p.counts,
  changes: p.changes.map((c) => ({address: c.address, action: c.action, ...(c.replacePaths.length > 0 ? {replacePaths: c.replacePaths} : {})})),
  drift: p.drift.map((c) => ({address: c.address, action: c.action})),
})

/** Plans one stack; the plan file stays in the stack directory for `apply` until discardPlan. */
export const planStack = (cli: TerraformCli, run: PreparedStack, refreshOnly = false): Promise<PlanSummary> =>
  cli.plan(run, {planFile: PLAN_FILE, ...(refreshOnly ? {refreshOnly: true} : {})})

/** Deletes a stack's saved plan that will not be applied (reported only, or no changes): it holds variable values. */
export const discardPlan = (run: PreparedStack): Promise<void> => discardFile(join(run.dir, PLAN_FILE))
