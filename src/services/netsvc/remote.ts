import type {RemoteShell} from '../../exec/ssh/types.js'
import type {Inventory} from '../../inventory/model.js'
import type {PrepareDeps} from '../deploy/prepared-playbooks.js'
import {sshTargetFor} from '../ssh-targets.js'

/** Runs fn on a connection of its own to an inventory host, closed afterwards whatever happens. */
export async function withHost<T>(
  inv: Inventory,
  host: string,
  ctx: Pick<PrepareDeps, 'connect'> & {environ: Record<string, string | undefined>},
  fn: (s: RemoteShell) => Promise<T>,
): Promise<T> {
  const shell = await ctx.connect(sshTargetFor(inv, host, ctx.environ))
  try {
    return await fn(shell)
  } finally {
    await shell.close().catch(() => undefined)
  }
}

export const READ_TIMEOUT_MS = 60_000
