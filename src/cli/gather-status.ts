import type {Inventory} from '../inventory/model.js'
import {gatherStatus} from '../services/status/gather.js'
import type {StatusSnapshot} from '../status/model.js'
import {createProgress, progressMode} from './progress.js'

/**
 * A live status snapshot with per-host progress on stderr (silent under --json): what `kotadc status` prints and
 * `kotadc report` renders when it is not given a saved snapshot.
 */
export async function gatherStatusWithProgress(
  inventory: Inventory,
  opts: {json: boolean; forks?: number | undefined; note: (line: string) => void},
): Promise<StatusSnapshot> {
  const progress = createProgress(progressMode(opts.json, process.stderr.isTTY === true), opts.note)
  try {
    return await gatherStatus(inventory, {
      cwd: process.cwd(),
      environ: process.env,
      ...(opts.forks ? {forks: opts.forks} : {}),
      onEvent: (e) => progress.onEvent(e),
    })
  } finally {
    await progress.done()
  }
}
