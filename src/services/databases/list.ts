import {liveQueryCmd} from '../../databases/commands.js'
import type {LiveDatabase} from '../../databases/live.js'
import {parseLiveCluster} from '../../databases/live.js'
import type {OpsErrorJson} from '../../errors/ops-error.js'
import {isOpsError} from '../../errors/ops-error.js'
import {databaseErrors} from '../../errors/databases.js'
import {connectSsh} from '../../exec/ssh/connect.js'
import type {RemoteShell, SshTarget} from '../../exec/ssh/types.js'
import type {Inventory} from '../../inventory/model.js'
import {resolveTargets} from '../../playbooks/targets.js'
import {withHost} from '../netsvc/remote.js'
import {runDb} from './remote.js'

export interface DbListRow extends LiveDatabase {
  host: string
  /** The postgres workload that lists it, or null when the inventory does not (kotadc keeps it, never drops it). */
  workload: string | null
}

/** The `kotadc db list --json` contract: read from each database server, never from the inventory alone. */
export interface DbListResult {
  databases: DbListRow[]
  unreachable: {host: string; error: OpsErrorJson}[]
}

export interface DbListDeps {
  connect(target: SshTarget): Promise<RemoteShell>
}

const workloadOf = (inv: Inventory, host: string, db: string): string | null =>
  inv.workloads.find((w) => w.kind === 'postgres' && w.host === host && w.databases.includes(db))?.name ?? null

/** Every database host's databases with owner, size and open connections (one psql query as postgres each). */
export async function listDatabases(
  inv: Inventory,
  opts: {environ: Record<string, string | undefined>; limit?: readonly string[]},
  deps: DbListDeps = {connect: connectSsh},
): Promise<DbListResult> {
  const limit = opts.limit?.length ? new Set(resolveTargets(inv, [...opts.limit]).map((h) => h.name)) : undefined
  const hosts = resolveTargets(inv, ['role:database']).filter((h) => !limit || limit.has(h.name))
  const unreachable: DbListResult['unreachable'] = []
  const perHost = await Promise.all(
    hosts.map(async (h) => {
      try {
        const out = await withHost(inv, h.name, {connect: deps.connect, environ: opts.environ}, (s) => runDb(s, h, 'read databases', liveQueryCmd()))
        const live = parseLiveCluster(out)
        if (!live)
          throw databaseErrors.commandFailed(
            h.name,
            'read databases',
            ['psql'],
            0,
            'psql printed something other than the JSON kotadc asked for',
            h.at,
          )
        return live.databases.map((d): DbListRow => ({host: h.name, ...d, workload: workloadOf(inv, h.name, d.name)}))
      } catch (e) {
        if (!isOpsError(e)) throw e
        unreachable.push({host: h.name, error: e.toJSON()})
        return []
      }
    }),
  )
  return {databases: perHost.flat(), unreachable: unreachable.sort((a, b) => a.host.localeCompare(b.host))}
}
