import {asOpsError} from './cli.js'
import type {OpsError} from './ops-error.js'

// Several checks can trip over one cause (secrets.age that does not open): it is reported once.
const sameProblem = (a: OpsError, b: OpsError): boolean =>
  a === b || (a.code === b.code && a.message === b.message && a.location?.file === b.location?.file && a.location?.line === b.location?.line)

/**
 * The problems one check finds, reported together like `validate` does, so a run shows everything to fix instead
 * of one problem per attempt. The worst one (bug, then external, then user: the highest exit code) is thrown and
 * carries the others in `also`, so the exit code and `--json`'s `error.code` stay those of a single problem.
 */
export class Problems {
  readonly found: OpsError[] = []

  add(e: unknown): void {
    const err = asOpsError(e)
    // A problem that already carries others (a nested check) is flattened into this list.
    for (const p of [err, ...err.also]) if (!this.found.some((f) => sameProblem(f, p))) this.found.push(p)
    err.also = []
  }

  /** Runs one check; a failure is kept and the next check still runs. */
  async check(f: () => unknown): Promise<void> {
    try {
      await f()
    } catch (e) {
      this.add(e)
    }
  }

  /** Throws the worst problem with the others in `also`; returns when none was found. */
  throwIfAny(): void {
    if (this.found.length === 0) return
    const sorted = [...this.found].sort((a, b) => b.exitCode - a.exitCode)
    const worst = sorted[0] as OpsError
    worst.also = sorted.slice(1)
    throw worst
  }
}
