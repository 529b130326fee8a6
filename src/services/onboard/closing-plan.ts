import type {Inventory} from '../../inventory/model.js'
import {defaultSiteDeps} from '../deploy/context.js'
import {openInventory} from '../inventory-open.js'
import {planSite, type PlanResult} from '../plan.js'

/** The plan that ends an onboarding, or why there is none (`unreachable`: each host of the agency and why). */
export type ClosingPlan = {ran: true; limit: string; result: PlanResult} | {ran: false; reason: string; unreachable?: {host: string; code: string}[]}

/**
 * When no host of the agency answered (an admin machine without access, CI, a fence), a page of identical failures
 * says less than one line: the plan is dropped for that line, and the files written stand on their own.
 */
function noHostReached(limit: string, r: PlanResult): ClosingPlan | undefined {
  const hosts = r.phases.flatMap((p) => p.hosts ?? [])
  const reached = hosts.some((h) => h.status !== 'unreachable') || r.phases.some((p) => p.stacks?.some((s) => !s.error))
  if (reached || hosts.length === 0) return undefined
  const unreachable = [...new Map(hosts.map((h) => [h.host, h.error?.code ?? 'unreachable'])).entries()].map(([host, code]) => ({host, code}))
  return {
    ran: false,
    reason: `no host of ${limit} could be reached (${unreachable.map((u) => `${u.host}: ${u.code}`).join(', ')}); the files are written: run \`kotadc plan --limit ${limit}\` where the hosts answer`,
    unreachable,
  }
}

/**
 * `kotadc plan --limit agency:CODE` on the inventory as just written (with --env's overlay): the agency's hosts are
 * contacted to say what a deploy would change there. Skipped with --no-plan, and when the agency has no workload yet.
 */
export async function closingPlan(opts: {
  dir: string
  env?: string | undefined
  agency: string
  plan: boolean
  cwd: string
  environ: Record<string, string | undefined>
  onProgress: (line: string) => void
}): Promise<ClosingPlan> {
  if (!opts.plan) return {ran: false, reason: '--no-plan: run `kotadc plan` yourself'}
  const {inventory} = await openInventory({dir: opts.dir, env: opts.env, environ: opts.environ, cwd: opts.cwd})
  if (!inventory.workloads.some((w) => w.agency === opts.agency)) return {ran: false, reason: 'the agency has no workload yet: nothing to deploy'}
  const limit = `agency:${opts.agency}`
  const deps = defaultSiteDeps(inventory, {environ: opts.environ, cwd: opts.cwd, tty: false})
  const result = await planSite(inventory, {limit: [limit], phases: [], environ: opts.environ, cwd: opts.cwd, onProgress: opts.onProgress}, deps)
  return noHostReached(limit, result) ?? {ran: true, limit, result}
}

/** What a person does after onboarding: review, commit, deploy. */
export function nextSteps(inv: Inventory, files: readonly string[], env: string | undefined): string[] {
  const envFlag = env ? ` --env ${env}` : ''
  return [
    `review: git diff -- ${files.join(' ')}`,
    `commit: git add ${files.join(' ')} && git commit -m "..."`,
    `deploy: kotadc plan${envFlag} && kotadc deploy${envFlag} (the whole site: the agency's DNS records, proxy site and backups live on the ${inv.site.name} dns, proxy and backup hosts)`,
  ]
}
