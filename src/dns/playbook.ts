import type {Host, Inventory} from '../inventory/model.js'
import {dnsRoleOf, NAMED_CONF_KOTADC, NAMED_CONF_LOCAL, NAMED_INCLUDE_LINE, PRIMARY_ZONE_DIR, renderNamedConf, zoneFilePath} from './named-conf.js'
import {allZones, buildSiteZones} from './zone-model.js'
import {planZoneFile} from './zone-render.js'
import {shellQuote} from '../tasks/quote.js'
import {parseTaskArgs} from '../tasks/registry.js'
import {playbookErrors} from '../errors/playbook.js'
import type {Playbook, PlaybookTask} from '../playbooks/model.js'

export const DNS_PLAYBOOK = 'dns'
export const RELOAD_NAMED = 'reload named'
/** Debian 12's init script and unit are both called named (bind9 is an alias). */
export const NAMED_SERVICE = 'named'

/** What the dns playbook needs besides the inventory; the service layer reads it before building tasks. */
export interface DnsPlaybookInput {
  /** Today in the site's time zone, YYYY-MM-DD (see calendarDay in dns/serial.ts). */
  today: string
  /** The text of a live zone file on a host (one of dnsLivePaths), or undefined when it does not exist. */
  liveZone(host: string, path: string): string | undefined
}

function task(name: string, type: string, raw: Record<string, unknown>, tags: string[], notify: string[] = []): PlaybookTask {
  const parsed = parseTaskArgs(type, raw)
  if (!parsed.ok) throw playbookErrors.builtinInvalid(DNS_PLAYBOOK, `${name}: ${parsed.issues.map((i) => i.message).join('; ')}`)
  return {name, type: parsed.value.type, task: parsed.value.task, args: parsed.value.args, tags, notify}
}

/** Zone files whose live text the playbook needs for the serial: the primary's, none on secondaries. */
export function dnsLivePaths(inv: Inventory, host: Host): string[] {
  if (dnsRoleOf(inv, host) !== 'primary') return []
  return allZones(buildSiteZones(inv)).map((z) => zoneFilePath(z.name, 'primary'))
}

/**
 * Tasks for one dns host. The primary gets every zone file (checked with named-checkzone before it replaces the live
 * one, serial bumped only when the content changed); every dns host gets its zone statements (named-checkconf) and
 * the include line in named.conf.local. Any change reloads named once, at the end.
 */
export function dnsTasks(inv: Inventory, host: Host, input: DnsPlaybookInput): PlaybookTask[] {
  const role = dnsRoleOf(inv, host)
  const zones = buildSiteZones(inv)
  const zoneTasks =
    role === 'primary'
      ? [
          // Under /etc/bind (setgid bind) mkdir inherits the setgid bit and chmod keeps it, so ask for it.
          task(`zone directory ${PRIMARY_ZONE_DIR}`, 'directory', {path: PRIMARY_ZONE_DIR, owner: 'root', group: 'bind', mode: '2755'}, [
            'dns',
            'zones',
          ]),
          ...allZones(zones).map((z) => {
            const path = zoneFilePath(z.name, 'primary')
            const file = planZoneFile(z, input.today, input.liveZone(host.name, path))
            return task(
              `zone ${z.name}`,
              'file',
              {path, content: file.text, owner: 'root', group: 'bind', mode: '0644', validate: `named-checkzone -q ${shellQuote(z.name)} %s`},
              ['dns', 'zones'],
              [RELOAD_NAMED],
            )
          }),
        ]
      : []
  return [
    task('bind9 package', 'package', {names: ['bind9']}, ['dns', 'packages']),
    ...zoneTasks,
    task(
      `zone statements ${NAMED_CONF_KOTADC}`,
      'file',
      {
        path: NAMED_CONF_KOTADC,
        content: renderNamedConf(inv, host, zones),
        owner: 'root',
        group: 'bind',
        mode: '0644',
        validate: 'named-checkconf %s',
      },
      ['dns'],
      [RELOAD_NAMED],
    ),
    task(`include in ${NAMED_CONF_LOCAL}`, 'line', {path: NAMED_CONF_LOCAL, line: NAMED_INCLUDE_LINE}, ['dns'], [RELOAD_NAMED]),
    task('named running', 'service', {name: NAMED_SERVICE, state: 'started'}, ['dns']),
  ]
}

/**
 * Built-in playbook `dns` for role-dns hosts. Not a zero-argument builtin: the serial depends on the live zone files
 * and today's date, which the service reads (dnsLivePaths, calendarDay) and passes in.
 */
export function dnsPlaybook(input: DnsPlaybookInput): Playbook {
  return {
    name: DNS_PLAYBOOK,
    targets: ['role:dns'],
    vars: {},
    tasksFor: (inv, host) => dnsTasks(inv, host, input),
    handlersFor: () => [task(RELOAD_NAMED, 'service', {name: NAMED_SERVICE, state: 'reloaded'}, [])],
  }
}
