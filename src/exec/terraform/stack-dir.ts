import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import {readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {TerraformBackend} from '../../inventory/model.js'
import {discardFile, ensurePrivateDir, PRIVATE_FILE_MODE, tightenTree} from '../private-files.js'
import {BACKEND_FILE, backendBlock, localStateDir, redactConnString} from './backend.js'
import {CLI_CONFIG_FILE, renderCliConfig} from './cli-config.js'
import type {StackRun, TerraformCli} from './runner.js'

/** The synthesized stack inside its directory (terraform reads every *.tf.json there). */
export const STACK_FILE = 'main.tf.json'
/** Input hash of the last successful init, stored beside the stack. */
export const INPUT_HASH_FILE = '.kotadc-inputs.sha256'

export const kotadcDirOf = (projectRoot: string): string => join(projectRoot, '.kotadc')
export const stackDirOf = (projectRoot: string, stack: string): string => join(kotadcDirOf(projectRoot), 'stacks', stack)

/** Saved plans (`terraform plan -out`): named *.tfplan by every caller. */
const PLAN_SUFFIX = '.tfplan'

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

const requiredProviders = (json: string): unknown =>
  (JSON.parse(json) as {terraform?: {required_providers?: unknown}}).terraform?.required_providers ?? {}

/** What a stack's init depends on. The pg connection string enters without its password. */
export function stackInputHash(inputs: StackInputs): string {
  const backend =
    inputs.backend.type === 'pg'
      ? {...inputs.backend, connString: redactConnString(inputs.pgConnString ?? inputs.backend.connString)}
      : inputs.backend
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
  await writeFile(file, content, {mode: PRIVATE_FILE_MODE})
  return true
}

/**
 * Makes the project's terraform files private: .kotadc/ and the local state directory (which may lie elsewhere)
 * become 0700 with no group/other bits on anything inside, whatever an older kotadc or a loose umask left there.
 * Once per run, before any stack is prepared.
 */
export async function secureProjectState(projectRoot: string, backend: TerraformBackend): Promise<void> {
  await ensurePrivateDir(kotadcDirOf(projectRoot))
  await tightenTree(kotadcDirOf(projectRoot))
  if (backend.type !== 'local') return
  await ensurePrivateDir(localStateDir(backend, projectRoot))
  await tightenTree(localStateDir(backend, projectRoot))
}

/** A plan left behind by an interrupted run is stale (never applied) and holds variable values: it goes. */
async function discardStalePlans(dir: string): Promise<void> {
  for (const name of await readdir(dir)) if (name.endsWith(PLAN_SUFFIX)) await discardFile(join(dir, name))
}

/**
 * Lays out .kotadc/stacks/<stack>/: the synthesized JSON, the backend block, and the CLI config pointing
 * terraform at the provider mirror. No file here holds a secret (see backend.ts and stacks/secret-variables.ts).
 */
export async function prepareStackDir(inputs: StackInputs): Promise<PreparedStack> {
  const dir = stackDirOf(inputs.projectRoot, inputs.stack)
  for (const d of [kotadcDirOf(inputs.projectRoot), join(kotadcDirOf(inputs.projectRoot), 'stacks'), dir]) await ensurePrivateDir(d)
  // Terraform creates the state file itself: its directory is private before it does, whatever the umask.
  if (inputs.backend.type === 'local') await ensurePrivateDir(localStateDir(inputs.backend, inputs.projectRoot))
  await discardStalePlans(dir)
  const files: Array<[string, string]> = [
    [STACK_FILE, inputs.json],
    [
      BACKEND_FILE,
      `${JSON.stringify(backendBlock(inputs.backend, {stack: inputs.stack, stackDir: dir, projectRoot: inputs.projectRoot}), null, 2)}\n`,
    ],
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
  await writeFile(join(prepared.dir, INPUT_HASH_FILE), `${prepared.inputHash}\n`, {mode: PRIVATE_FILE_MODE})
}

/** Runs `terraform init` only when the stack's inputs changed since the last successful one. Returns whether it ran. */
export async function ensureInitialized(cli: Pick<TerraformCli, 'init'>, prepared: PreparedStack): Promise<boolean> {
  if (!prepared.needsInit) return false
  await cli.init(prepared)
  await recordInit(prepared)
  return true
}
