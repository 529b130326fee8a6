import {type ChildProcess, spawn, spawnSync} from 'node:child_process'
import {join, resolve} from 'node:path'

/** The repository root, the node the tests spawn, and the built CLI entry point (needs `npm run build`). */
export const REPO_ROOT = resolve(import.meta.dirname, '../..')
export const NODE = join(REPO_ROOT, 'node_modules/.bin/node')
export const CLI = join(REPO_ROOT, 'bin/run.js')

/** The test's environment without KOTADC_* settings or NO_COLOR, so the developer's shell cannot change a result. */
export const cleanEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KOTADC_') && k !== 'NO_COLOR'))

/** Runs the built kotadc to completion in `cwd`, with no terminal on stdin. */
export function kotadc(cwd: string, ...argv: string[]): {status: number | null; stdout: string; stderr: string} {
  const r = spawnSync(NODE, [CLI, ...argv], {cwd, env: cleanEnv(), encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe']})
  return {status: r.status, stdout: r.stdout, stderr: r.stderr}
}

/** Starts the built kotadc in `cwd` without waiting; `exited` resolves with its exit code or signal. */
export function startKotadc(cwd: string, ...argv: string[]): {child: ChildProcess; exited: Promise<{code: number | null; signal: string | null}>} {
  const child = spawn(NODE, [CLI, ...argv], {cwd, env: cleanEnv(), stdio: 'ignore'})
  return {child, exited: new Promise((r) => child.on('exit', (code, signal) => r({code, signal})))}
}
