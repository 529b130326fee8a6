import {copyFileCmd, ctlCmd, hbaBackupPath, hbaErrorsCmd, listClustersCmd} from '../../databases/commands.js'
import {parseClusters} from '../../databases/live.js'
import type {DbPlan} from '../../databases/plan.js'
import {databaseErrors} from '../../errors/databases.js'
import {isOpsError} from '../../errors/ops-error.js'
import {applyChange} from '../../exec/runner/apply.js'
import type {TaskReport} from '../../exec/runner/types.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import type {Host} from '../../inventory/model.js'
import {atomicWriteSteps} from '../../tasks/atomic-write.js'
import {change} from '../../tasks/change.js'
import {runDb} from './remote.js'

const NAME = 'pg_hba.conf kotadc block'

const describe = (hba: DbPlan['hba']): string => {
  const parts = [...hba.added.map((l) => `+ ${l}`), ...hba.removed.map((l) => `- ${l}`)]
  return parts.length > 0 ? parts.join('; ') : 'lines reordered'
}

/**
 * Replaces pg_hba.conf with the new kotadc block, keeping the previous file: PostgreSQL checks the new file
 * (pg_hba_file_rules reads it from disk, the running server still uses the loaded rules), and only a clean file is
 * reloaded. Errors in it, or a failed reload, put the previous file back (and reload it), so the old rules stay.
 */
export async function applyHba(
  shell: RemoteShell,
  host: Host,
  hbaFile: string,
  hba: DbPlan['hba'],
  ctx: {check: boolean; token(): string},
): Promise<TaskReport> {
  if (!hba.changed) return {name: NAME, type: 'databases', status: 'ok', summary: 'as the inventory says'}
  if (ctx.check) return {name: NAME, type: 'databases', status: 'changed', summary: `would change: ${describe(hba)}`}
  const previous = hbaBackupPath(hbaFile)
  const cluster = parseClusters(await runDb(shell, host, 'pg_lsclusters', listClustersCmd()))[0]
  if (!cluster) throw databaseErrors.clusterMissing(host.name, 'none', host.at)
  await runDb(shell, host, `keep ${previous}`, copyFileCmd(hbaFile, previous))
  await applyChange(
    shell,
    change(NAME, atomicWriteSteps({path: hbaFile, content: hba.content, owner: 'postgres', group: 'postgres', mode: '0640', token: ctx.token()})),
    {host: host.name, task: NAME, timeoutMs: 60_000, mask: (t) => t, ...(host.at ? {at: host.at} : {})},
  )
  const restore = async (why: string): Promise<TaskReport> => {
    await runDb(shell, host, `restore ${hbaFile}`, copyFileCmd(previous, hbaFile))
    await runDb(shell, host, 'reload after restoring pg_hba.conf', ctlCmd(cluster, 'reload')).catch(() => undefined)
    const error = databaseErrors.hbaRejected(host.name, why, host.at).toJSON()
    return {name: NAME, type: 'databases', status: 'failed', summary: error.message, error}
  }
  const errors = (await runDb(shell, host, 'check pg_hba.conf', hbaErrorsCmd())).trim()
  if (errors !== '') return restore(errors)
  try {
    await runDb(shell, host, 'reload pg_hba.conf', ctlCmd(cluster, 'reload'))
  } catch (e) {
    return restore(isOpsError(e) ? e.message : String(e))
  }
  return {name: NAME, type: 'databases', status: 'changed', summary: `reloaded: ${describe(hba)}`}
}
