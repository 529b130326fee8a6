import {Problems} from '../../errors/problems.js'
import {gatherFacts} from '../../exec/runner/gather.js'
import {fileFact} from '../../facts/file.js'
import type {Inventory} from '../../inventory/model.js'
import {netsvcErrors} from '../../errors/netsvc.js'
import {calendarDay} from '../../dns/serial.js'
import {dnsServers} from '../../netsvc/topology.js'
import {DNS_PLAYBOOK, dnsLivePaths, dnsPlaybook, dnsTasks} from '../../dns/playbook.js'
import type {PrepareContext, PreparedPlaybook} from '../deploy/prepared-playbooks.js'
import {READ_TIMEOUT_MS, withHost} from '../netsvc/remote.js'

/**
 * The primary's live zone files, by path. A read failure is an error, never "absent": an unknown live serial would
 * restart at today's first, which can be lower than the one the secondaries hold.
 */
export async function readLiveZones(inv: Inventory, ctx: PrepareContext): Promise<Map<string, string | undefined>> {
  const {primary} = dnsServers(inv)
  const live = new Map<string, string | undefined>()
  if (!ctx.hosts.includes(primary.name)) return live
  const paths = dnsLivePaths(inv, primary)
  const requests = paths.map((path) => fileFact({path, content: true}))
  const values = await withHost(inv, primary.name, {connect: ctx.shell, environ: ctx.environ}, (s) =>
    gatherFacts(s, requests, ctx.token(), READ_TIMEOUT_MS),
  )
  for (const [i, path] of paths.entries()) {
    const info = values.get(requests[i]!.key) as Awaited<ReturnType<(typeof requests)[number]['parse']>> | undefined
    if (!info?.exists) live.set(path, undefined)
    else if (info.type !== 'file' || info.content === undefined) throw netsvcErrors.zoneUnreadable(primary.name, path)
    else live.set(path, info.content.toString('utf8'))
  }
  return live
}

/** `dns`: serials from the primary's live zone files and today in the site's time zone. */
export const dnsPrepared: PreparedPlaybook = {
  targets: ['role:dns'],
  preflight: async (inv, ctx) => {
    const today = calendarDay(ctx.now(), inv.site.timezone)
    const problems = new Problems()
    for (const h of inv.hosts.filter((x) => ctx.hosts.includes(x.name)))
      await problems.check(() => dnsTasks(inv, h, {today, liveZone: () => undefined}))
    problems.throwIfAny()
  },
  prepare: async (inv, ctx) => {
    const live = await readLiveZones(inv, ctx)
    const pb = dnsPlaybook({today: calendarDay(ctx.now(), inv.site.timezone), liveZone: (_host, path) => live.get(path)})
    return {...pb, name: DNS_PLAYBOOK}
  },
}
