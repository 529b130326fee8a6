import {execFileSync} from 'node:child_process'

export interface Requirement {
  ok: boolean
  reason?: string
}

const onPath = (name: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v "$1"`, 'sh', name], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

/**
 * Real-component tests need real binaries. Locally a missing one skips the test with its name as the reason;
 * under CI (CI=true) it fails, because .ci/run is supposed to have installed it.
 */
export function requireBinary(...names: string[]): Requirement {
  const missing = names.filter((n) => !onPath(n))
  if (missing.length === 0) return {ok: true}
  const reason = `missing component: ${missing.join(', ')} (install it, or run .ci/run)`
  if (process.env.CI === 'true') throw new Error(`${reason}; CI must provide it`)
  return {ok: false, reason}
}
