import {randomBytes} from 'node:crypto'
import {applyHba} from './hba-apply.js'
import {runDb} from './remote.js'
import {applySqlCmd, ctlCmd, listClustersCmd, liveQueryCmd, NOT_INSTALLED, readFileCmd, settingsPath} from '../../databases/commands.js'
import type {DesiredCluster} from '../../databases/desired.js'
import {parseClusters, parseLiveCluster} from '../../databases/live.js'
import type {DbPlan} from '../../databases/plan.js'
import {applyScript, planCluster} from '../../databases/plan.js'
import {scramVerifier} from '../../databases/scram.js'
import {desiredSettings, parseSettings, planSettings, renderSettings} from '../../databases/settings.js'
import {databaseErrors} from '../../errors/databases.js'
import type {OpsErrorJson} from '../../errors/ops-error.js'
import {applyChange} from '../../exec/runner/apply.js'
import type {TaskReport} from '../../exec/runner/types.js'
import type {RemoteShell} from '../../exec/ssh/types.js'
import type {Host} from '../../inventory/model.js'
import {createMasker} from '../../inventory/secret-mask.js'
import type {SecretStore} from '../../inventory/secrets.js'
import {atomicWriteSteps} from '../../tasks/atomic-write.js'
import {change} from '../../tasks/change.js'

export interface ConvergeContext {
  check: boolean
  token(): string
  secrets: SecretStore
}

const TIMEOUT_MS = 5 * 60_000
const ok = (name: string, summary: string, notice?: string): TaskReport => ({
  name,
  type: 'databases',
  status: 'ok',
  summary,
  ...(notice ? {notice} : {}),
})
const changed = (name: string, summary: string): TaskReport => ({name, type: 'databases', status: 'changed', summary})
const failed = (name: string, error: OpsErrorJson): TaskReport => ({name, type: 'databases', status: 'failed', summary: error.message, error})

/** conf.d/kotadc.conf, then start, reload or restart as the changed settings need; says which. */
async function convergeSettings(
  shell: RemoteShell,
  host: Host,
  desired: DesiredCluster,
  ctx: ConvergeContext,
  reports: TaskReport[],
): Promise<boolean> {
  const listed = await runDb(shell, host, 'pg_lsclusters', listClustersCmd())
  if (listed.includes(NOT_INSTALLED) && ctx.check) {
    const what = [...desired.roles.map((r) => `role ${r.name}`), ...desired.databases.map((d) => `database ${d.name}`)].join(', ')
    reports.push(
      changed(
        'postgresql',
        `not installed yet: after installing it, would set listen_addresses and password_encryption, create ${what || 'no role or database'}, and write the pg_hba.conf block`,
      ),
    )
    return false
  }
  const clusters = parseClusters(listed)
  const cluster = clusters[0]
  if (clusters.length !== 1 || !cluster)
    throw databaseErrors.clusterMissing(host.name, clusters.length === 0 ? 'none' : clusters.map((c) => `${c.version}/${c.name}`).join(', '), host.at)
  const path = settingsPath(cluster)
  const wanted = desiredSettings(desired.listen)
  const plan = planSettings(parseSettings(await runDb(shell, host, `read ${path}`, readFileCmd(path))), wanted)
  const name = `settings ${path}`
  const effect = !cluster.online ? 'start' : plan.action
  if (plan.changed.length === 0) reports.push(ok(name, 'listen_addresses and password_encryption as the inventory says'))
  else
    reports.push(
      changed(
        name,
        `${plan.changed.join(', ')} ${ctx.check ? 'would change' : 'changed'}: ${effect === 'restart' ? 'restart (listen_addresses needs one)' : effect}`,
      ),
    )
  if (!ctx.check && plan.changed.length > 0) {
    await applyChange(
      shell,
      change(
        'settings',
        atomicWriteSteps({path, content: renderSettings(wanted), owner: 'postgres', group: 'postgres', mode: '0644', token: ctx.token()}),
      ),
      {host: host.name, task: name, timeoutMs: TIMEOUT_MS, mask: (t) => t, ...(host.at ? {at: host.at} : {})},
    )
  }
  if (!cluster.online) {
    if (plan.changed.length === 0)
      reports.push(changed(`cluster ${cluster.version}/${cluster.name}`, ctx.check ? 'would start (it is down)' : 'started (it was down)'))
    if (ctx.check) return false
    await runDb(shell, host, `pg_ctlcluster ${cluster.version} ${cluster.name} start`, ctlCmd(cluster, 'start'))
  } else if (!ctx.check && plan.action !== 'none') {
    await runDb(shell, host, `pg_ctlcluster ${cluster.version} ${cluster.name} ${plan.action}`, ctlCmd(cluster, plan.action))
  }
  return true
}

function sqlReports(plan: DbPlan, check: boolean): TaskReport[] {
  return plan.steps.map((s) =>
    changed(
      s.kind.endsWith('database') || s.kind === 'database-owner' ? 'database' : 'role',
      `${check ? 'would ' : ''}${s.summary}: ${s.sql.display}`,
    ),
  )
}

/**
 * Brings one database host to what the inventory says: settings, roles, databases, pg_hba.conf. Returns one report
 * per change (SQL shown with secrets as ***) and one notice for roles and databases kotadc leaves alone.
 */
export async function convergeCluster(shell: RemoteShell, host: Host, desired: DesiredCluster, ctx: ConvergeContext): Promise<TaskReport[]> {
  const reports: TaskReport[] = []
  if (!(await convergeSettings(shell, host, desired, ctx, reports))) return reports
  const live = parseLiveCluster(await runDb(shell, host, 'read roles and databases', liveQueryCmd()))
  if (!live)
    throw databaseErrors.commandFailed(
      host.name,
      'read roles and databases',
      ['psql'],
      0,
      'psql printed something other than the JSON kotadc asked for',
      host.at,
    )
  const passwords = new Map(desired.roles.map((r) => [r.name, ctx.secrets.get(r.passwordSecret).reveal()]))
  const verifiers: string[] = []
  const plan = planCluster({
    desired,
    live,
    hbaText: await runDb(shell, host, `read ${live.hbaFile}`, readFileCmd(live.hbaFile)),
    password: (role) => passwords.get(role) ?? '',
    verifier: (pw) => {
      const v = scramVerifier(pw, randomBytes(16))
      verifiers.push(v)
      return v
    },
  })
  const mask = createMasker([...passwords.values(), ...verifiers])
  const sql = sqlReports(plan, ctx.check)
  if (!ctx.check && plan.steps.length > 0) {
    try {
      await runDb(shell, host, 'roles and databases (psql)', applySqlCmd(applyScript(plan.steps, 'wire')), mask)
    } catch (e) {
      const error = (e as {toJSON(): OpsErrorJson}).toJSON()
      return [...reports, ...sql.map((r) => failed(r.name, {...error, message: `${r.summary}: ${error.message}`}))]
    }
  }
  reports.push(...sql)
  reports.push(await applyHba(shell, host, live.hbaFile, plan.hba, ctx))
  if (plan.unmanaged.roles.length + plan.unmanaged.databases.length > 0) {
    const what = [...plan.unmanaged.roles.map((r) => `role ${r}`), ...plan.unmanaged.databases.map((d) => `database ${d}`)].join(', ')
    reports.push(
      ok('not in the inventory', 'kept', `${what}: not in the inventory; kotadc never drops them (remove by hand once nothing needs them)`),
    )
  }
  return reports
}
