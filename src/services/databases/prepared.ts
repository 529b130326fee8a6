import {desiredCluster} from '../../databases/desired.js'
import {databasesPlaybook} from '../../databases/playbook.js'
import {isOpsError} from '../../errors/ops-error.js'
import {databaseErrors} from '../../errors/databases.js'
import {summarize} from '../../exec/runner/runner.js'
import type {HostReport, TaskReport} from '../../exec/runner/types.js'
import type {Inventory} from '../../inventory/model.js'
import type {PrepareContext, PreparedPlaybook} from '../deploy/prepared-playbooks.js'
import type {RunPlaybookResult} from '../run-playbook.js'
import {sshTargetFor} from '../ssh-targets.js'
import {convergeCluster} from './converge.js'

const hostsOf = (inv: Inventory, ctx: Pick<PrepareContext, 'hosts'>) => inv.hosts.filter((h) => ctx.hosts.includes(h.name))

/** After PostgreSQL is installed: settings, roles, databases and pg_hba.conf on each database host, as task reports. */
async function convergeAll(inv: Inventory, result: RunPlaybookResult, ctx: PrepareContext): Promise<RunPlaybookResult> {
  const secrets = await ctx.secrets()
  const hosts = await Promise.all(
    result.hosts.map(async (h): Promise<HostReport> => {
      const host = inv.hosts.find((x) => x.name === h.host)
      if (!host || h.status === 'failed' || h.status === 'unreachable') return h
      let tasks: TaskReport[]
      const shell = await ctx.shell(sshTargetFor(inv, host.name, ctx.environ)).catch((e: unknown) => e as Error)
      if (shell instanceof Error)
        return {
          ...h,
          status: 'unreachable',
          error: isOpsError(shell)
            ? shell.toJSON()
            : databaseErrors.commandFailed(host.name, 'connect', ['ssh'], null, shell.message, host.at).toJSON(),
        }
      try {
        tasks = await convergeCluster(shell, host, desiredCluster(inv, host), {check: ctx.check, token: ctx.token, secrets})
      } catch (e) {
        const error = isOpsError(e)
          ? e.toJSON()
          : databaseErrors.commandFailed(host.name, 'databases', [], null, String((e as Error)?.message ?? e), host.at).toJSON()
        tasks = [{name: 'databases', type: 'databases', status: 'failed', summary: error.message, error}]
      } finally {
        await shell.close().catch(() => undefined)
      }
      const all = [...h.tasks, ...tasks]
      const bad = tasks.find((t) => t.status === 'failed')
      if (bad) return {...h, tasks: all, status: 'failed', ...(bad.error ? {error: bad.error} : {})}
      return {...h, tasks: all, status: h.status === 'changed' || tasks.some((t) => t.status === 'changed') ? 'changed' : h.status}
    }),
  )
  return {...result, hosts, summary: summarize(hosts)}
}

/**
 * `databases`: PostgreSQL from Debian on hosts with role database (the playbook), then what lives inside it, read
 * from the running server and changed only where it differs. Nothing is ever dropped.
 */
export const databasesPrepared: PreparedPlaybook = {
  targets: ['role:database'],
  preflight: async (inv, ctx) => {
    const hosts = hostsOf(inv, ctx)
    const roles = hosts.flatMap((h) => desiredCluster(inv, h).roles)
    if (roles.length === 0) return
    const store = await ctx.secrets()
    // A missing password stops the deploy before any host is touched, with the secret's name.
    for (const r of roles) store.get(r.passwordSecret)
  },
  prepare: async () => databasesPlaybook(),
  finish: (inv, result, ctx) => convergeAll(inv, result, ctx),
}
