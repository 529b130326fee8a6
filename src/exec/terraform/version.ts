import {accessSync, constants} from 'node:fs'
import {delimiter, join} from 'node:path'
import {terraformErrors} from '../../errors/terraform-errors.js'

export type TerraformFlavor = 'terraform' | 'tofu'

/** Oldest releases with everything the runner relies on (terraform_data, replace_paths, -lock-timeout on init). */
export const MINIMUM_VERSION: Record<TerraformFlavor, string> = {terraform: '1.5.0', tofu: '1.6.0'}

export interface TerraformVersion {
  flavor: TerraformFlavor
  version: string
  /** Absolute path of the binary that reported it. */
  path: string
}

/** `terraform version -json` and `tofu version -json` both report `terraform_version`. */
export function parseVersionJson(binary: string, stdout: string): string {
  try {
    const v = (JSON.parse(stdout) as {terraform_version?: unknown}).terraform_version
    if (typeof v === 'string' && /^\d+\.\d+\.\d+/.test(v)) return v
  } catch {
    // fall through to the error below
  }
  throw terraformErrors.versionUnreadable(binary, stdout)
}

/** Numeric comparison of dotted versions; a pre-release suffix (1.6.0-rc1) counts as the release. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .split(/[-+]/)[0]!
      .split('.')
      .map((n) => Number.parseInt(n, 10) || 0)
  const [pa, pb] = [parts(a), parts(b)]
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  return 0
}

export function checkMinimumVersion(flavor: TerraformFlavor, version: string): void {
  const minimum = MINIMUM_VERSION[flavor]
  if (compareVersions(version, minimum) < 0) throw terraformErrors.binaryTooOld(flavor, version, minimum)
}

/** The flavor a binary name or path stands for: anything whose file name starts with "tofu" is OpenTofu. */
export const flavorOf = (binary: string): TerraformFlavor => (/(^|\/)tofu[^/]*$/.test(binary) ? 'tofu' : 'terraform')

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Absolute path of `binary` (a name looked up on PATH, or a path), or undefined. */
export function findOnPath(binary: string, pathVar: string | undefined): string | undefined {
  if (binary.includes('/')) return isExecutable(binary) ? binary : undefined
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, binary))) return join(dir, binary)
  }
  return undefined
}

/** Finds the configured binary; when it is missing but the other flavor is installed, the error says so. */
export function locateBinary(binary: string, pathVar: string | undefined): string {
  const found = findOnPath(binary, pathVar)
  if (found) return found
  const other = flavorOf(binary) === 'tofu' ? 'terraform' : 'tofu'
  throw terraformErrors.binaryNotFound(binary, findOnPath(other, pathVar) ? other : undefined)
}
