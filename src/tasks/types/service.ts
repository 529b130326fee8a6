import type {ServiceInfo} from '../../facts/service.js'
import {serviceFact} from '../../facts/service.js'
import {bool, oneOf, serviceName} from '../args/fields.js'
import {object, optional, refine} from '../args/schema.js'
import type {Change} from '../change.js'
import {change, noChange} from '../change.js'
import type {Cmd} from '../cmd.js'
import {and, cmd, sudo} from '../cmd.js'
import {defineTask} from '../define.js'
import {serviceEnableUnsupported} from '../../errors/tasks.js'
import {run} from '../step.js'

type State = 'started' | 'stopped' | 'restarted' | 'reloaded'
interface ServiceArgs {
  name: string
  state?: State
  enabled?: boolean
}

// is-enabled answers that already mean "starts at boot" (or cannot be enabled at all, like static units).
const BOOTS = new Set(['enabled', 'enabled-runtime', 'static', 'alias', 'indirect', 'generated'])
const ENABLED = new Set(['enabled', 'enabled-runtime', 'alias'])

const action = (state: State | undefined, active: boolean): 'start' | 'stop' | 'restart' | 'reload' | undefined => {
  if (state === 'started') return active ? undefined : 'start'
  if (state === 'stopped') return active ? 'stop' : undefined
  if (state === 'restarted') return 'restart'
  if (state === 'reloaded') return active ? 'reload' : 'start'
  return undefined
}

function plan(a: ServiceArgs, svc: ServiceInfo): Change {
  const cmds: {what: string; cmd: Cmd}[] = []
  if (!svc.exists && (a.state === 'stopped' || (a.state === undefined && a.enabled === false))) return noChange(`${a.name} is not installed`)
  if (a.enabled !== undefined) {
    const on = svc.init === 'systemd' ? (a.enabled ? BOOTS : ENABLED).has(svc.enabled) : svc.enabled
    if (on !== a.enabled) {
      const verb = a.enabled ? 'enable' : 'disable'
      if (svc.init === 'systemd') cmds.push({what: verb, cmd: sudo(cmd('systemctl', verb, '--', a.name))})
      else if (!svc.hasUpdateRcd) throw serviceEnableUnsupported(a.name)
      // `defaults` creates the links when there are none; `enable` turns existing K links back into S links.
      else
        cmds.push({
          what: verb,
          cmd: a.enabled
            ? and(sudo(cmd('update-rc.d', a.name, 'defaults')), sudo(cmd('update-rc.d', a.name, 'enable')))
            : sudo(cmd('update-rc.d', a.name, 'disable')),
        })
    }
  }
  const act = action(a.state, svc.exists && svc.active)
  if (act) cmds.push({what: act, cmd: sudo(svc.init === 'systemd' ? cmd('systemctl', act, '--', a.name) : cmd(`/etc/init.d/${a.name}`, act))})
  if (cmds.length === 0)
    return noChange(
      `${a.name} is ${svc.active ? 'running' : 'stopped'}${a.enabled === undefined ? '' : a.enabled ? ' and enabled' : ' and disabled'}`,
    )
  return change(
    `${cmds.map((c) => c.what).join(' and ')} ${a.name}${svc.exists ? '' : ' (not installed yet)'}`,
    cmds.map((c) => run(c.cmd)),
  )
}

/** A service under systemd, or under /etc/init.d scripts (update-rc.d for boot) where systemd is not running. */
export const serviceTask = defineTask({
  type: 'service',
  summary: 'Starts, stops, restarts or reloads a service and sets whether it starts at boot (systemd, or /etc/init.d scripts with update-rc.d).',
  args: refine(
    object({name: serviceName(), state: optional(oneOf('started', 'stopped', 'restarted', 'reloaded')), enabled: optional(bool())}),
    'state, enabled, or both',
    (a) =>
      a.state === undefined && a.enabled === undefined
        ? [{path: [], code: 'TASK_ARG_INVALID', message: 'service: give state, enabled, or both', hint: 'e.g. state: started, enabled: true'}]
        : [],
  ),
  facts: (a) => ({service: serviceFact({name: a.name})}),
  plan: (a, {service}) => plan(a, service),
})
