import {asOpsError} from './cli.js'
import type {OpsError} from './ops-error.js'

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
    this.found.push(err, ...err.also)
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
