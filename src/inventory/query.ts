import type {Agency, Host, Inventory, Network, Role, Workload} from './model.js'

/** Small lookups over a validated Inventory (references are known to resolve). */

export const hostByName = (inv: Inventory, name: string): Host | undefined => inv.hosts.find((h) => h.name === name)

export const networkByName = (inv: Inventory, name: string): Network | undefined => inv.networks.find((n) => n.name === name)

export const hostsWithRole = (inv: Inventory, role: Role): Host[] => inv.hosts.filter((h) => h.roles.includes(role))

/** Containers and postgres on the host, and VMs whose hypervisor (declared or placed) is the host. */
export const workloadsOnHost = (inv: Inventory, host: string): Workload[] =>
  inv.workloads.filter((w) => (w.kind === 'vm' ? w.hypervisor === host : w.host === host))

export const agencyOf = (inv: Inventory, workload: Workload): Agency | undefined => inv.agencies.find((a) => a.code === workload.agency)
