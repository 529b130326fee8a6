import type {ContainerWorkload, Inventory} from '../src/inventory/model.js'

/**
 * Everything of the inventory that buildDockerHostStack reads for one host, without source locations (moving a
 * line must not count as a change). Kept beside the builder: a field the builder starts reading belongs here too.
 */
export function dockerStackInputs(model: Inventory, hostName: string): unknown {
  const strip = <T extends {at?: unknown}>(o: T | undefined): Omit<T, 'at'> | undefined => {
    if (!o) return undefined
    const {at: _at, ...rest} = o
    return rest
  }
  const host = model.hosts.find((h) => h.name === hostName)
  const jump = host?.ssh?.jumpHost ? model.hosts.find((h) => h.name === host.ssh?.jumpHost) : undefined
  const containers = model.workloads
    .filter((w): w is ContainerWorkload => w.kind === 'container' && w.host === hostName)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((w) => strip(w))
  return {ssh: model.site.ssh, host: strip(host), jump: strip(jump), containers}
}
