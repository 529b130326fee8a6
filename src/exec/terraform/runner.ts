import {chmod} from 'node:fs/promises'
import {resolve} from 'node:path'
import type {ExternalFailure} from '../../errors/ops-error.js'
import {runLocal, tail} from '../local.js'
import {discardFile, PRIVATE_FILE_MODE} from '../private-files.js'
import type {LocalResult} from '../local.js'
import {applyArgs, initArgs, planArgs, showJsonArgs, statePullArgs, versionArgs} from './args.js'
import {classifyTerraformFailure} from './classify.js'
import {parsePlanJson, scrubSecrets} from './plan-json.js'
import type {PlanSummary} from './plan-json.js'
import {checkMinimumVersion, flavorOf, locateBinary, parseVersionJson} from './version.js'
import type {TerraformVersion} from './version.js'

/** One stack directory to run terraform in, and what that run needs in its environment. */
export interface StackRun {
  dir: string
  stack?: string
  /** Added to the environment: TF_VAR_* secrets, PG_CONN_STR, TF_CLI_CONFIG_FILE. Never logged. */
  env?: Record<string, string>
  /** The mirror providers come from, named in the error when one is missing. */
  providerMirror?: string
  /** Values to scrub from plans and error output, besides TF_VAR_secret_* and PG_CONN_STR found in `env`. */
  secretValues?: string[]
}

/** Secret values of a run: what the caller names plus the env entries that hold secrets by convention. */
export const secretValuesOf = (run: StackRun): string[] => [
  ...(run.secretValues ?? []),
  ...Object.entries(run.env ?? {})
    .filter(([k]) => k.startsWith('TF_VAR_secret_') || k === 'PG_CONN_STR')
    .map(([, v]) => v),
]

export interface PlanRequest {
  /** Where the plan is saved; `apply` takes exactly this file. It holds variable values: keep it private. */
  planFile: string
  refreshOnly?: boolean
  destroy?: boolean
}

/** The terraform edge: one real implementation (TerraformRunner) and fakes in test/helpers. */
export interface TerraformCli {
  version(): Promise<TerraformVersion>
  init(run: StackRun, opts?: {reconfigure?: boolean; upgrade?: boolean}): Promise<void>
  plan(run: StackRun, req: PlanRequest): Promise<PlanSummary>
  apply(run: StackRun, planFile: string): Promise<void>
  /** `<lineage>#<serial>` of the stack's state, null when it has none yet: a saved plan applies only to the state it was made against. */
  stateVersion?(run: StackRun): Promise<string | null>
}

export interface TerraformRunnerOptions {
  /** `terraform`, `tofu` (looked up on PATH) or a path: site terraform.binary. */
  binary: string
  /** Base environment (PATH lookup; terraform gets its allow-listed part); defaults to process.env. */
  env?: Record<string, string | undefined>
  /** Output goes to a terminal: keep colours. */
  tty?: boolean
  /** Streams terraform's output as it arrives. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void
  /** Wait this long for a state lock held by another run; 0 fails at once. Default 60. */
  lockTimeoutSeconds?: number
  /** Kill a terraform command that runs longer (ms). Default 30 minutes; init is bounded separately. */
  timeoutMs?: number
  initTimeoutMs?: number
}

/** terraform must not phone home (checkpoint) or ask questions. */
const QUIET_ENV = {CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0'}

/** Runs terraform/tofu with argv arrays through runLocal and turns failures into typed errors. */
export class TerraformRunner implements TerraformCli {
  readonly #opts: TerraformRunnerOptions
  #version: Promise<TerraformVersion> | undefined

  constructor(opts: TerraformRunnerOptions) {
    this.#opts = opts
  }

  /** Finds the binary and checks it against the minimum version; done once, before the first real command. */
  version(): Promise<TerraformVersion> {
    this.#version ??= this.#detect()
    return this.#version
  }

  async #detect(): Promise<TerraformVersion> {
    const env = this.#opts.env ?? process.env
    const path = locateBinary(this.#opts.binary, env.PATH)
    const flavor = flavorOf(path)
    const r = await runLocal([path, ...versionArgs()], {...this.#env({}), timeoutMs: 30_000})
    if (r.exitCode !== 0) throw this.#fail([path, ...versionArgs()], r, {what: `${flavor} version`})
    const version = parseVersionJson(flavor, r.stdout)
    checkMinimumVersion(flavor, version)
    return {flavor, version, path}
  }

  async init(run: StackRun, opts: {reconfigure?: boolean; upgrade?: boolean} = {}): Promise<void> {
    await this.#run(
      run,
      initArgs({tty: this.#opts.tty, lockTimeoutSeconds: this.#lockTimeout(), ...opts}),
      'init',
      this.#opts.initTimeoutMs ?? 10 * 60_000,
    )
  }

  /** Saves the plan to `req.planFile` for `apply`; a failed plan leaves no file behind (it may hold variable values). */
  async plan(run: StackRun, req: PlanRequest): Promise<PlanSummary> {
    const args = planArgs({
      tty: this.#opts.tty,
      lockTimeoutSeconds: this.#lockTimeout(),
      out: req.planFile,
      refreshOnly: req.refreshOnly,
      destroy: req.destroy,
    })
    const file = resolve(run.dir, req.planFile)
    try {
      await this.#run(run, args, req.refreshOnly ? 'plan -refresh-only' : 'plan')
      // The plan file carries variable values (secrets among them): only its owner may read it.
      await chmod(file, PRIVATE_FILE_MODE)
      const shown = await this.#run(run, showJsonArgs(req.planFile), 'show -json', undefined, false)
      return parsePlanJson(shown.stdout, secretValuesOf(run))
    } catch (e) {
      await discardFile(file)
      throw e
    }
  }

  /** Applies exactly `planFile`, then deletes it, applied or not: it is stale either way and holds variable values. */
  async apply(run: StackRun, planFile: string): Promise<void> {
    try {
      await this.#run(run, applyArgs({tty: this.#opts.tty, lockTimeoutSeconds: this.#lockTimeout(), planFile}), 'apply')
    } finally {
      await discardFile(resolve(run.dir, planFile))
    }
  }

  async stateVersion(run: StackRun): Promise<string | null> {
    const r = await this.#run(run, statePullArgs(), 'state pull', undefined, false)
    // Only lineage and serial leave this function: the state itself holds secret values.
    const state = r.stdout.trim() === '' ? undefined : (JSON.parse(r.stdout) as {lineage?: unknown; serial?: unknown})
    return state && typeof state.lineage === 'string' ? `${state.lineage}#${String(state.serial)}` : null
  }

  /** terraform's allow-list of our environment (or of the explicit base), then what this run passes on purpose. */
  #env(extra: Record<string, string>): {kind: 'terraform'; base?: Record<string, string | undefined>; env: Record<string, string>} {
    return {kind: 'terraform', ...(this.#opts.env ? {base: this.#opts.env} : {}), env: {...QUIET_ENV, ...extra}}
  }

  #lockTimeout(): number {
    return this.#opts.lockTimeoutSeconds ?? 60
  }

  async #run(run: StackRun, args: string[], verb: string, timeoutMs = this.#opts.timeoutMs ?? 30 * 60_000, stream = true): Promise<LocalResult> {
    const {path, flavor} = await this.version()
    const argv = [path, ...args]
    const r = await runLocal(argv, {
      cwd: run.dir,
      ...this.#env(run.env ?? {}),
      timeoutMs,
      ...(stream && this.#opts.onOutput ? {onOutput: this.#opts.onOutput} : {}),
    })
    if (r.exitCode === 0) return r
    throw this.#fail(argv, r, {what: `${flavor} ${verb}${r.timedOut ? ` (timed out after ${Math.round(timeoutMs / 1000)}s)` : ''}`, run})
  }

  #fail(argv: string[], r: LocalResult, ctx: {what: string; run?: StackRun}): Error {
    const secrets = ctx.run ? secretValuesOf(ctx.run) : []
    const output = scrubSecrets(`${r.stderr}\n${r.stdout}`, secrets)
    const failure: ExternalFailure = {argv, exitCode: r.exitCode, signal: r.signal, stderrTail: scrubSecrets(tail(r.stderr || r.stdout), secrets)}
    return classifyTerraformFailure(failure, output, {
      what: ctx.what,
      ...(ctx.run?.stack ? {stack: ctx.run.stack} : {}),
      ...(ctx.run ? {dir: ctx.run.dir} : {}),
      ...(ctx.run?.providerMirror ? {providerMirror: ctx.run.providerMirror} : {}),
    })
  }
}
