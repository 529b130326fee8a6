import {connectSsh} from './connect.js'
import type {RemoteShell, SshTarget} from './types.js'

/** One connection per host per run: every task asks the pool, and the pool dials each host once. */
export interface ShellPool {
  /** The shell for target.host, connecting on first use. A failed connection stays failed for the run. */
  shell(target: SshTarget): Promise<RemoteShell>
  /** Closes every connection that was opened; safe to call twice. */
  closeAll(): Promise<void>
}

export function createShellPool(connect: (target: SshTarget) => Promise<RemoteShell> = connectSsh): ShellPool {
  const shells = new Map<string, Promise<RemoteShell>>()
  return {
    shell(target) {
      let shell = shells.get(target.host)
      if (!shell) {
        shell = connect(target)
        // The rejection is kept for later callers; this no-op only marks it as observed.
        shell.catch(() => undefined)
        shells.set(target.host, shell)
      }
      return shell
    },
    async closeAll() {
      const open = [...shells.values()]
      shells.clear()
      await Promise.all(
        open.map((p) =>
          p.then(
            (s) => s.close(),
            () => undefined,
          ),
        ),
      )
    },
  }
}
