import {type ChildProcess, spawn, spawnSync} from 'node:child_process'
import {join, resolve} from 'node:path'

/** The repository root, the node the tests spawn, and the built CLI entry point (needs `npm run build`). */
export const REPO_ROOT = resolve(import.meta.dirname, '../..')
export const NODE = join(REPO_ROOT, 'node_modules/.bin/node')
export const CLI = join(REPO_ROOT, 'bin/run.js')

// The network fence is set for every test run (vitest config) and passes through; everything else KOTADC_* comes from
// the developer's shell and would change flag defaults (KOTADC_ENV, KOTADC_INVENTORY, KOTADC_AGE_IDENTITY...), so a
// test that needs one sets it itself. NO_COLOR and FORCE_COLOR would change the output.
const PASS_THROUGH = new Set(['KOTADC_ALLOWED_NETWORKS'])
const fromShell = (k: string): boolean => (k.startsWith('KOTADC_') && !PASS_THROUGH.has(k)) || k === 'NO_COLOR' || k === 'FORCE_COLOR'

/** The one environment policy of a spawned kotadc: this process's, minus the developer's shell settings, plus `overrides`. */
export function cliEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !fromShell(k)))
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  return env
}

export interface CliRun {
  status: number | null
  stdout: string
  stderr: string
  /** stdout parsed as JSON (for --json runs). */
  json<T = any>(): T // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CliOptions {
  /** Working directory (default: the repository root). */
  cwd?: string
  /** Variables to set (or, with undefined, remove) on top of cliEnv(). */
  env?: Record<string, string | undefined>
  timeoutMs?: number
  /** Text piped to kotadc's stdin (still no terminal); by default stdin is closed. */
  input?: string
}

const tail = (text: string, chars = 4000): string => (text.length > chars ? `…${text.slice(-chars)}` : text)

/**
 * Runs the built kotadc to completion, stdin closed or piped (never a terminal), and returns what it printed. A run that outlives
 * `timeoutMs` is stopped with SIGTERM (so kotadc releases the site lock) and fails the calling test with what the
 * run had printed, instead of handing back a half-finished result for the next assertion to misread.
 */
export function runKotadc(argv: readonly string[], opts: CliOptions = {}): CliRun {
  const timeoutMs = opts.timeoutMs ?? 60_000
  const r = spawnSync(NODE, [CLI, ...argv], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: cliEnv(opts.env),
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGTERM',
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    ...(opts.input === undefined ? {} : {input: opts.input}),
  })
  if (r.error !== undefined && 'code' in r.error && r.error.code === 'ETIMEDOUT') {
    throw new Error(
      `kotadc ${argv.join(' ')} did not finish within ${timeoutMs / 1000} s and was stopped (${r.signal ?? 'SIGTERM'})\n--- stderr\n${tail(r.stderr ?? '')}\n--- stdout\n${tail(r.stdout ?? '')}`,
    )
  }
  return {status: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout)}
}

/** `runKotadc` in `cwd` with the default environment: the short form most e2e tests use. */
export const kotadc = (cwd: string, ...argv: string[]): CliRun => runKotadc(argv, {cwd})

/** Starts the built kotadc in `cwd` without waiting; `exited` resolves with its exit code or signal. */
export function startKotadc(cwd: string, ...argv: string[]): {child: ChildProcess; exited: Promise<{code: number | null; signal: string | null}>} {
  const child = spawn(NODE, [CLI, ...argv], {cwd, env: cliEnv(), stdio: 'ignore'})
  return {child, exited: new Promise((r) => child.on('exit', (code, signal) => r({code, signal})))}
}
