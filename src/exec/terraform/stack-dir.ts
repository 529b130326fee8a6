import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {TerraformBackend} from '../../inventory/model.js'
import {BACKEND_FILE, backendBlock, redactConnString} from './backend.js'
import {CLI_CONFIG_FILE, renderCliConfig} from './cli-config.js'
import type {StackRun, TerraformCli} from './runner.js'

/** The synthesized stack inside its directory (terraform reads every *.tf.json there). */
export const STACK_FILE = 'main.tf.json'
/** Input hash of the last successful init, stored beside the stack. */
export const INPUT_HASH_FILE = '.kotadc-inputs.sha256'

export const stackDirOf = (projectRoot: string, stack: string): string => join(projectRoot, '.kotadc', 'stacks', stack)

export interface StackInputs {
  /** Absolute project root (where .kotadc/ lives). */
  projectRoot: string
  stack: string
  /** The synthesized JSON (synthStack). */
  json: string
  backend: TerraformBackend
  providerMirror?: string
  /** `terraform 1.11.4`: a new binary may lay out .terraform differently, so it re-inits. */
  binaryVersion: string
  /** The pg connection string after `env:` resolution: pointing at another database means a new init. */
  pgConnString?: string
}

export interface PreparedStack extends StackRun {
  stack: string
  inputHash: string
  /** Files rewritten because their content changed (empty on a no-change run). */
  written: string[]
  /** False when the inputs match the last successful init and .terraform/ is still there. */
  needsInit: boolean
}

const requiredProviders = (json: string): unknown => (JSON.parse(json) as {terraform?: {required_providers?: unknown}}).terraform?.required_providers ?? {}

/** What a stack's init depends on. The pg connection string enters without its password. */
export function stackInputHash(inputs: StackInputs): string {
  const backend =
    inputs.backend.type === 'pg' ? {...inputs.backend, connString: redactConnString(inputs.pgConnString ?? inputs.backend.connString)} : inputs.backend
  const material = JSON.stringify({
    synth: inputs.json,
    providers: requiredProviders(inputs.json),
    backend,
    providerMirror: inputs.providerMirror ?? null,
    binary: inputs.binaryVersion,
  })
  return createHash('sha256').update(material).digest('hex')
}

async function readOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch {
    return undefined
  }
}

/** Writes only when the bytes differ, so an unchanged stack keeps its mtimes (and tools watching them stay quiet). */
async function writeIfChanged(file: string, content: string): Promise<boolean> {
  if ((await readOrUndefined(file)) === content) return false
  await writeFile(file, content, {mode: 0o644})
  return true
}

/**
 * Lays out .kotadc/stacks/<stack>/: the synthesized JSON, the backend block, and the CLI config pointing
 * terraform at the provider mirror. No file here holds a secret (see backend.ts and stacks/secret-variables.ts).
 */
export async function prepareStackDir(inputs: StackInputs): Promise<PreparedStack> {
  const dir = stackDirOf(inputs.projectRoot, inputs.stack)
  await mkdir(dir, {recursive: true})
  const files: Array<[string, string]> = [
    [STACK_FILE, inputs.json],
    [BACKEND_FILE, `${JSON.stringify(backendBlock(inputs.backend, {stack: inputs.stack, stackDir: dir, projectRoot: inputs.projectRoot}), null, 2)}\n`],
  ]
  if (inputs.providerMirror) files.push([CLI_CONFIG_FILE, renderCliConfig(inputs.providerMirror)])
  const written: string[] = []
  for (const [name, content] of files) if (await writeIfChanged(join(dir, name), content)) written.push(name)
  const inputHash = stackInputHash(inputs)
  const needsInit = (await readOrUndefined(join(dir, INPUT_HASH_FILE)))?.trim() !== inputHash || !existsSync(join(dir, '.terraform'))
  return {
    dir,
    stack: inputs.stack,
    env: inputs.providerMirror ? {TF_CLI_CONFIG_FILE: join(dir, CLI_CONFIG_FILE)} : {},
    ...(inputs.providerMirror ? {providerMirror: inputs.providerMirror} : {}),
    inputHash,
    written,
    needsInit,
  }
}

/** Remembers a successful init, so the next run with the same inputs skips it. */
export async function recordInit(prepared: PreparedStack): Promise<void> {
  await writeFile(join(prepared.dir, INPUT_HASH_FILE), `${prepared.inputHash}\n`)
}

/** Runs `terraform init` only when the stack's inputs changed since the last successful one. Returns whether it ran. */
export async function ensureInitialized(cli: Pick<TerraformCli, 'init'>, prepared: PreparedStack): Promise<boolean> {
  if (!prepared.needsInit) return false
  await cli.init(prepared)
  await recordInit(prepared)
  return true
}
