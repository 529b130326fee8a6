import {mkdir, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {runLocal, tail} from '../exec/local.js'
import {classifyTerraformFailure} from '../exec/terraform/classify.js'
import {STACK_FILE} from '../exec/terraform/stack-dir.js'
import {locateBinary} from '../exec/terraform/version.js'
import type {Inventory} from '../inventory/model.js'
import {projectRootOf} from './deploy/context.js'
import {deployErrors} from '../errors/deploy.js'
import {synthStacks} from './deploy/stacks.js'
import {dockerHostNames} from '../../stacks/docker-naming.js'

/** Platforms providers are fetched for unless --platform says otherwise: the usual server and this machine. */
export const defaultPlatforms = (): string[] => [
  ...new Set(['linux_amd64', `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`]),
]

export interface ProvidersMirrorResult {
  dir: string
  platforms: string[]
  /** Provider source addresses the stacks require, e.g. kreuzwerker/docker. */
  providers: string[]
}

export const providersMirrorArgs = (dir: string, platforms: readonly string[]): string[] => [
  'providers',
  'mirror',
  ...platforms.map((p) => `-platform=${p}`),
  dir,
]

/**
 * `kotadc providers mirror DIR`, on a connected machine: `terraform providers mirror` over a stack carrying every
 * provider the site's stacks use, for each platform. Copy DIR to the air-gapped site and set
 * terraform.providerMirror to it.
 */
export async function mirrorProviders(
  inv: Inventory,
  opts: {dir: string; platforms: string[]; cwd: string; environ: Record<string, string | undefined>; onOutput?: (chunk: string) => void},
): Promise<ProvidersMirrorResult> {
  const hosts = dockerHostNames(inv)
  if (hosts.length === 0) throw deployErrors.mirrorFailed('the inventory has no host with role docker, so no stack needs a provider')
  // Every docker stack requires the same providers: one of them is enough to list them.
  const [stack] = await synthStacks(inv, hosts.slice(0, 1))
  const required =
    (JSON.parse(stack!.json) as {terraform?: {required_providers?: Record<string, {source?: string}>}}).terraform?.required_providers ?? {}
  const providers = Object.values(required)
    .map((p) => p.source ?? '')
    .filter(Boolean)
    .sort()
  const work = path.join(projectRootOf(inv, opts.cwd), '.kotadc', 'providers-mirror')
  const target = path.resolve(opts.cwd, opts.dir)
  await rm(work, {recursive: true, force: true})
  await mkdir(work, {recursive: true})
  await mkdir(target, {recursive: true})
  await writeFile(path.join(work, STACK_FILE), stack!.json)
  const binary = locateBinary(inv.terraform.binary, opts.environ.PATH)
  const argv = [binary, ...providersMirrorArgs(target, opts.platforms)]
  const r = await runLocal(argv, {
    kind: 'terraform',
    cwd: work,
    env: {CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1'},
    timeoutMs: 30 * 60_000,
    ...(opts.onOutput ? {onOutput: opts.onOutput} : {}),
  })
  if (r.exitCode !== 0) {
    throw classifyTerraformFailure(
      {argv, exitCode: r.exitCode, signal: r.signal, stderrTail: tail(r.stderr || r.stdout)},
      `${r.stderr}\n${r.stdout}`,
      {what: `${inv.terraform.binary} providers mirror`, dir: work},
    )
  }
  await rm(work, {recursive: true, force: true})
  return {dir: target, platforms: opts.platforms, providers}
}
