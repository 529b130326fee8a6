import type {Host, Inventory, Workload} from '../inventory/model.js'
import type {TaskVariables} from '../tasks/context.js'
import type {Playbook} from './model.js'

/** The fields of `host` and `site` an expression may read: inventory data, never SSH settings or keys. */
export const HOST_FIELDS = ['name', 'address', 'network', 'roles', 'vars'] as const
export const SITE_FIELDS = ['name', 'domain', 'timezone', 'admins'] as const

/**
 * What `workloads` holds for an expression: the agencies' workloads placed on the host (containers and postgres by
 * `host`, VMs by their hypervisor), with their plain settings. Secret names, env values and healthchecks stay out.
 */
export function workloadsOn(inv: Inventory, host: Host): Record<string, unknown>[] {
  const view = (w: Workload): Record<string, unknown> => {
    const base = {name: w.name, agency: w.agency, kind: w.kind}
    if (w.kind === 'container')
      return {...base, image: w.image, port: w.port ?? null, domain: w.domain ?? null, volumes: w.volumes.map((v) => ({name: v.name, path: v.path}))}
    if (w.kind === 'postgres') return {...base, databases: [...w.databases]}
    return {...base, image: w.image, address: w.address, network: w.network, port: w.port ?? null, domain: w.domain ?? null, cpus: w.cpus}
  }
  return inv.workloads.filter((w) => (w.kind === 'vm' ? w.hypervisor === host.name : w.host === host.name)).map(view)
}

/** What expressions and templates see of a host and its site. */
export const variablesFor = (inv: Inventory, host: Host, pb: Pick<Playbook, 'vars'>): TaskVariables => ({
  host: {name: host.name, address: host.address, network: host.network, roles: host.roles, vars: host.vars},
  site: {name: inv.site.name, domain: inv.site.domain, timezone: inv.site.timezone, admins: inv.site.admins.map((a) => a.name)},
  playbook: pb.vars,
  workloads: workloadsOn(inv, host),
})
