import type {HostBackupPlan} from '../../backup/plan.js'
import {hostRepositories, resticCmd} from '../../backup/remote.js'
import {snapshotsArgs} from '../../backup/restic-args.js'
import type {Snapshot} from '../../backup/snapshots.js'
import {parseSnapshots} from '../../backup/snapshots.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import {runChecked} from './hosts.js'

/** Every snapshot this source host made, from each of its repositories, oldest first. */
export async function fetchSnapshots(shell: RemoteShell, plan: HostBackupPlan): Promise<Snapshot[]> {
  const all: Snapshot[] = []
  for (const repo of hostRepositories(plan)) {
    const r = await runChecked(shell, resticCmd(repo, snapshotsArgs({host: plan.host})), `restic snapshots (repository ${repo.url})`)
    all.push(...parseSnapshots(r.stdout))
  }
  return all.sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
}
