import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {PlanSummary, ResourceChange} from '../../src/exec/terraform/plan-json.js'
import type {PlanRequest, StackRun, TerraformCli} from '../../src/exec/terraform/runner.js'
import type {TerraformVersion} from '../../src/exec/terraform/version.js'

type Verb = 'init' | 'plan' | 'apply'

interface Expectation {
  verb: Verb
  stack: string
  outcome: PlanSummary | Error | undefined
  refreshOnly?: boolean
}

export interface TerraformCall {
  verb: Verb | 'version'
  stack?: string
  env?: Record<string, string>
  planFile?: string
  refreshOnly?: boolean
}

/** A plan summary with the given creates (resource addresses), for scripting plans. */
export function planWith(creates: string[] = [], drift: string[] = []): PlanSummary {
  const change = (address: string, action: ResourceChange['action']): ResourceChange => ({
    address,
    type: address.split('.')[0] ?? '',
    name: address.split('.')[1] ?? '',
    action,
    replacePaths: [],
    before: null,
    after: {},
    unknownAfter: [],
  })
  return {
    terraformVersion: '1.11.4',
    changes: creates.map((a) => change(a, 'create')),
    drift: drift.map((a) => change(a, 'update')),
    counts: {create: creates.length, update: 0, replace: 0, delete: 0, forget: 0},
    hasChanges: creates.length > 0,
  }
}

/**
 * A scripted TerraformCli: queue what terraform should be asked per stack (init, plan, apply) and with what
 * outcome; unexpected calls fail, and done() fails when an expectation was never used. Stacks may interleave,
 * but each stack's calls must come in the queued order.
 */
export class FakeTerraform implements TerraformCli {
  readonly calls: TerraformCall[] = []
  readonly unexpected: string[] = []
  readonly #queue: Expectation[] = []
  #version: TerraformVersion | Error = {flavor: 'terraform', version: '1.11.4', path: '/usr/bin/terraform'}

  /** @param log shared with other fakes, to assert the order of calls across edges (`init docker-docker1`). */
  constructor(readonly log: string[] = []) {}

  failVersion(e: Error): this {
    this.#version = e
    return this
  }

  expectInit(stack: string, error?: Error): this {
    this.#queue.push({verb: 'init', stack, outcome: error})
    return this
  }

  expectPlan(stack: string, outcome: PlanSummary | Error = planWith(), opts: {refreshOnly?: boolean} = {}): this {
    this.#queue.push({verb: 'plan', stack, outcome, ...(opts.refreshOnly ? {refreshOnly: true} : {})})
    return this
  }

  expectApply(stack: string, error?: Error): this {
    this.#queue.push({verb: 'apply', stack, outcome: error})
    return this
  }

  async version(): Promise<TerraformVersion> {
    this.calls.push({verb: 'version'})
    if (this.#version instanceof Error) throw this.#version
    return this.#version
  }

  /** Like terraform, a successful init leaves .terraform/ behind (the init cache looks for it). */
  async init(run: StackRun): Promise<void> {
    this.#take('init', run)
    mkdirSync(join(run.dir, '.terraform'), {recursive: true})
  }

  async plan(run: StackRun, req: PlanRequest): Promise<PlanSummary> {
    const e = this.#take('plan', run, {planFile: req.planFile, ...(req.refreshOnly ? {refreshOnly: true} : {})})
    if ((e.refreshOnly ?? false) !== (req.refreshOnly ?? false)) this.#fail(`plan of ${run.stack} with refreshOnly=${req.refreshOnly ?? false}`)
    // Like terraform, a plan leaves its plan file behind (plan --out keeps a copy of it).
    writeFileSync(join(run.dir, req.planFile), `fake plan of ${run.stack ?? run.dir}`)
    return e.outcome as PlanSummary
  }

  async apply(run: StackRun, planFile: string): Promise<void> {
    this.#take('apply', run, {planFile})
  }

  done(): void {
    const problems = [...this.unexpected.map((u) => `unexpected ${u}`), ...this.#queue.map((e) => `expected but never called: ${e.verb} ${e.stack}`)]
    if (problems.length > 0) throw new Error(`FakeTerraform:\n  ${problems.join('\n  ')}`)
  }

  #take(verb: Verb, run: StackRun, extra: Partial<TerraformCall> = {}): Expectation {
    const stack = run.stack ?? run.dir
    this.calls.push({verb, stack, ...(run.env ? {env: run.env} : {}), ...extra})
    this.log.push(`${verb} ${stack}`)
    const i = this.#queue.findIndex((e) => e.stack === stack)
    const e = i < 0 ? undefined : this.#queue[i]
    if (!e || e.verb !== verb) return this.#fail(`${verb} ${stack}; next expected for it: ${e ? `${e.verb}` : 'nothing'}`)
    this.#queue.splice(i, 1)
    if (e.outcome instanceof Error) throw e.outcome
    return e
  }

  #fail(what: string): never {
    this.unexpected.push(what)
    throw new Error(`FakeTerraform: unexpected ${what}`)
  }
}
