import type {Host, Inventory} from '../inventory/model.js'
import {hostByName, networkByName} from '../inventory/query.js'
import {parseIpv4} from '../inventory/validate/ipv4.js'
import {netsvcErrors} from '../errors/netsvc.js'
import {safeCidr, safeIpv4, safePort} from '../netsvc/safe.js'
import {proxyAddresses} from '../netsvc/topology.js'

/** One accept rule of the input chain: ports of one protocol, from anywhere or from the listed sources. */
export interface InputRule {
  proto: 'tcp' | 'udp'
  ports: number[]
  /** Addresses or CIDR blocks; undefined means from anywhere. */
  from?: string[]
  comment: string
}

/** The firewall of one host: SSH from mgmt, its roles' ports, and docker's published ports guarded in forward too. */
export interface HostRuleset {
  host: string
  input: InputRule[]
  /** Docker publishes ports by DNAT, so the packets pass the forward hook, not input; only these sources may reach them. */
  published?: {ports: number[]; from: string[]}
}

export const MGMT_NETWORK = 'mgmt'

const uniqSorted = <T extends string | number>(xs: readonly T[], key: (x: T) => number | string = (x) => x): T[] =>
  [...new Set(xs)].sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    return ka < kb ? -1 : ka > kb ? 1 : 0
  })
const addrSort = (xs: readonly string[]): string[] => uniqSorted(xs, (x) => parseIpv4(x.split('/')[0] ?? '') ?? 0)

function sshRule(inv: Inventory, host: Host): InputRule {
  const mgmt = networkByName(inv, MGMT_NETWORK)
  if (!mgmt) throw netsvcErrors.noMgmtNetwork()
  const port = safePort(host.ssh?.port ?? inv.site.ssh.port, `host ${host.name} ssh port`, host.at)
  const jump = host.ssh?.jumpHost ? hostByName(inv, host.ssh.jumpHost) : undefined
  // The jump host connects on kotadc's behalf; it usually sits in mgmt already, and then adds nothing.
  const from = [
    safeCidr(mgmt.cidr, `network ${mgmt.name} cidr`, mgmt.at),
    ...(jump ? [safeIpv4(jump.address, `host ${jump.name} address`, jump.at)] : []),
  ]
  return {proto: 'tcp', ports: [port], from: addrSort(from), comment: 'ssh from mgmt'}
}

/** Addresses that run a workload: its container or postgres host, or the VM itself. */
function workloadAddress(inv: Inventory, name: string): string | undefined {
  const w = inv.workloads.find((x) => x.name === name)
  if (!w) return undefined
  if (w.kind === 'vm') return safeIpv4(w.address, `workload ${w.name} address`, w.at)
  const h = hostByName(inv, w.host)
  return h ? safeIpv4(h.address, `host ${h.name} address`, h.at) : undefined
}

// restic reaches the repository over SFTP: every workload whose policy stores on this host is a client.
function backupClients(inv: Inventory, host: Host): string[] {
  const policies = new Set(inv.backupPolicies.filter((p) => p.repository === host.name).map((p) => p.name))
  return inv.workloads.filter((w) => w.backup && policies.has(w.backup.policy)).flatMap((w) => workloadAddress(inv, w.name) ?? [])
}

// The inventory does not say which app uses which database; the agency that owns a postgres workload is taken
// to be its only user, so its containers' docker hosts and its VMs may connect.
function databaseClients(inv: Inventory, host: Host): string[] {
  const agencies = new Set(inv.workloads.filter((w) => w.kind === 'postgres' && w.host === host.name).map((w) => w.agency))
  return inv.workloads.filter((w) => w.kind !== 'postgres' && agencies.has(w.agency)).flatMap((w) => workloadAddress(inv, w.name) ?? [])
}

const publishedPorts = (inv: Inventory, host: Host): number[] =>
  uniqSorted(
    inv.workloads.flatMap((w) =>
      w.kind === 'container' && w.host === host.name && w.port !== undefined ? [safePort(w.port, `workload ${w.name} port`, w.at)] : [],
    ),
  )

/** The ruleset model for one host, from its roles and the workloads that touch it. */
export function buildHostRuleset(inv: Inventory, host: Host): HostRuleset {
  const input: InputRule[] = [sshRule(inv, host)]
  const roles = new Set(host.roles)
  if (roles.has('dns')) input.push({proto: 'udp', ports: [53], comment: 'dns'}, {proto: 'tcp', ports: [53], comment: 'dns (tcp, zone transfers)'})
  if (roles.has('proxy')) input.push({proto: 'tcp', ports: [80, 443], comment: 'proxy'})
  if (roles.has('backup')) {
    const from = addrSort(backupClients(inv, host))
    if (from.length > 0) input.push({proto: 'tcp', ports: [22], from, comment: 'backup clients (sftp)'})
  }
  if (roles.has('database')) {
    const from = addrSort(databaseClients(inv, host))
    if (from.length > 0) input.push({proto: 'tcp', ports: [5432], from, comment: 'postgres clients'})
  }
  const ports = roles.has('docker') ? publishedPorts(inv, host) : []
  if (ports.length === 0) return {host: host.name, input}
  const from = addrSort(proxyAddresses(inv))
  // With the userland proxy, docker accepts on the host itself, so input needs the same restriction.
  if (from.length > 0) input.push({proto: 'tcp', ports, from, comment: 'published ports from proxies'})
  return {host: host.name, input, published: {ports, from}}
}
