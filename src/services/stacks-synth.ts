import type {Inventory} from '../inventory/model.js'
import type {TerraformCli} from '../exec/terraform/runner.js'
import {projectRootOf} from './deploy/context.js'
import {prepareStacks, selectStackHosts, synthStacksCached} from './deploy/stacks.js'

export interface SynthStackReport {
  stack: string
  host: string
  containers: number
  dir: string
  /** Files rewritten (empty: the stack is byte-for-byte what the last synth wrote). */
  written: string[]
  /** The next plan or deploy will run `terraform init` for it. */
  needsInit: boolean
  /** False when nothing the stack depends on changed, so it was read back instead of synthesized. */
  synthesized: boolean
}

/** The `kotadc stacks synth --json` contract. */
export interface StacksSynthResult {
  stacks: SynthStackReport[]
  /** How many stacks had at least one file rewritten. */
  written: number
  /** How many stacks were synthesized (the others had unchanged inputs). */
  synthesized: number
  durationMs: number
}

/**
 * `kotadc stacks synth`: synthesize the selected docker hosts' stacks into .kotadc/stacks/<stack>/, writing only
 * files whose bytes changed. The terraform version is part of each stack's input hash, so it is asked once.
 */
export async function synthSiteStacks(
  inv: Inventory,
  opts: {limit: string[]; cwd: string; environ: Record<string, string | undefined>},
  deps: {terraform: Pick<TerraformCli, 'version'>; now: () => number},
): Promise<StacksSynthResult> {
  const started = deps.now()
  const {flavor, version} = await deps.terraform.version()
  const synthesized = await synthStacksCached(inv, selectStackHosts(inv, opts.limit), projectRootOf(inv, opts.cwd))
  const prepared = await prepareStacks(inv, synthesized, {
    projectRoot: projectRootOf(inv, opts.cwd),
    binaryVersion: `${flavor} ${version}`,
    environ: opts.environ,
  })
  const list = prepared.map((p, i) => ({
    stack: p.stack,
    host: synthesized[i]!.host,
    containers: synthesized[i]!.containers,
    dir: p.dir,
    written: p.written,
    needsInit: p.needsInit,
    synthesized: synthesized[i]!.synthesized,
  }))
  return {
    stacks: list,
    written: list.filter((s) => s.written.length > 0).length,
    synthesized: list.filter((s) => s.synthesized).length,
    durationMs: deps.now() - started,
  }
}
