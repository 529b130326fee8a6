import {execFileSync} from 'node:child_process'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {requireBinary, type Requirement} from './require.js'

/**
 * Lab tests need docker (CLI and an answering engine), the OpenSSH client and, to build the base image, debootstrap.
 * Locally a missing piece skips with its name; under CI it fails (see requireBinary).
 */
export function requireLab(): Requirement {
  const bins = requireBinary('docker', 'debootstrap', 'ssh', 'ssh-keygen')
  if (!bins.ok) return bins
  try {
    execFileSync('docker', ['info'], {stdio: 'ignore', timeout: 20_000})
    return {ok: true}
  } catch {
    const reason = 'missing component: a running docker engine (sudo scripts/lab/dockerd-start.sh)'
    if (process.env.CI === 'true') throw new Error(`${reason}; CI must provide it`)
    return {ok: false, reason}
  }
}

/** Names of docker objects carrying `label`, e.g. `kotadc.lab=<site>`; empty when none are left. */
export function dockerObjects(kind: 'containers' | 'networks', label: string): string[] {
  const argv =
    kind === 'containers'
      ? ['ps', '--all', '--format', '{{.Names}}', '--filter', `label=${label}`]
      : ['network', 'ls', '--format', '{{.Name}}', '--filter', `label=${label}`]
  return execFileSync('docker', argv, {encoding: 'utf8'}).split('\n').filter(Boolean).sort()
}

/**
 * Bounds for lab tests, sized for a loaded machine (a full-site deploy took 264 s on one that ran other jobs):
 * one kotadc subprocess may take up to 10 minutes, one test (often two or three subprocesses) up to 30.
 * They matter only when something hangs; a healthy run never comes near them.
 */
export const LAB_CLI_TIMEOUT_MS = 600_000
export const LAB_TEST_TIMEOUT_MS = 1_800_000

/**
 * The network fence of a lab test's kotadc runs: loopback and the test's own lab pool, nothing else. Tests use a pool
 * of their own (files run in parallel), so the default fence of the test run (KOTADC_ALLOWED_NETWORKS in
 * vitest.config.ts: loopback and 172.30.0.0/16) is narrowed to what this test's containers really use.
 */
export const labFenceEnv = (pool: string): Record<string, string> => ({KOTADC_ALLOWED_NETWORKS: `127.0.0.0/8,${pool}`})

/** The example data center's site.yaml under another site name, written to `file`: each lab test has its own site. */
export function writeExampleSite(file: string, site: string): void {
  const example = join(import.meta.dirname, '..', '..', 'inventory', 'site.yaml')
  writeFileSync(file, readFileSync(example, 'utf8').replace('name: kotamobagu-dc', `name: ${site}`))
}

/**
 * A lab test's own small inventory under `<tmp>/inventory`: the example's site.yaml under the test's site name, and
 * `files` (path inside the inventory → text), e.g. `{'hosts.yaml': …, 'agencies/dinkes.yaml': …}`. Returns the dir.
 */
export function writeLabInventory(tmp: string, site: string, files: Readonly<Record<string, string>>): string {
  const inv = join(tmp, 'inventory')
  mkdirSync(join(inv, 'agencies'), {recursive: true})
  writeExampleSite(join(inv, 'site.yaml'), site)
  for (const [file, text] of Object.entries(files)) writeFileSync(join(inv, file), text)
  return inv
}

/** `kotadc lab up --pool POOL` through the test's own runner; a failure throws with kotadc's output, so setup says why. */
export function labUpOrThrow(kotadc: (...args: string[]) => {status: number | null; stdout: string; stderr: string}, pool: string): void {
  const up = kotadc('lab', 'up', '--pool', pool, '--json')
  if (up.status !== 0) throw new Error(`kotadc lab up failed (${up.status}):\n${up.stderr}\n${up.stdout}`)
}
