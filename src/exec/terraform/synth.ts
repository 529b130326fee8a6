import {tmpdir} from 'node:os'
import type {Construct} from 'constructs'
import {App, TerraformStack, Testing} from 'cdktf'

/** The only module under src/ that touches cdktf (archived upstream), so replacing it changes one file. */

export interface SynthOptions {
  /** Put "stubbed" where the cdktf version would go, so snapshots survive cdktf upgrades. */
  stubVersion?: boolean
}

/**
 * Synthesizes one stack in memory and returns its Terraform JSON: keys sorted, cdktf's "//" metadata removed,
 * two-space indent, final newline. The same inputs give the same bytes.
 * No backend is added: the runner writes the backend beside the stack (backend.ts).
 */
export function synthStack(name: string, build: (scope: Construct) => void, opts: SynthOptions = {}): string {
  return withoutCreationStacks(() => {
    // An existing outdir keeps App from creating ./cdktf.out; nothing is written there because we never call app.synth().
    const app = new App({outdir: tmpdir(), stackTraces: false, skipValidation: false})
    if (opts.stubVersion) Testing.stubVersion(app)
    const stack = new TerraformStack(app, name)
    build(stack)
    return `${Testing.synth(stack, true)}\n`
  })
}

/**
 * cdktf records a full, unlimited stack trace for every lazy token it creates (whatever `stackTraces` says), only to
 * quote it if a token is left unresolved. At 1,000 containers that is a third of synth time, so traces captured during
 * synth are left empty. Synth is synchronous, so nothing else runs while the hook is swapped.
 */
function withoutCreationStacks<T>(fn: () => T): T {
  const capture = Error.captureStackTrace
  Error.captureStackTrace = (target: object) => {
    Object.defineProperty(target, 'stack', {value: '', writable: true, configurable: true})
  }
  try {
    return fn()
  } finally {
    Error.captureStackTrace = capture
  }
}
