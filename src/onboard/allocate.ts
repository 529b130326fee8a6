import {suggestAll} from '../errors/did-you-mean.js'
import {onboardErrors} from '../errors/onboard.js'
import type {Host, Inventory, Role} from '../inventory/model.js'
import {hostsWithRole} from '../inventory/query.js'
import {cidrContains, formatIpv4, isCidr, parseCidr, parseIpv4, reservedOf} from '../inventory/validate/ipv4.js'
import {DIMENSIONS} from '../inventory/validate/capacity.js'
import {freeCapacity, type Occupancy} from './occupancy.js'

/**
 * Pure allocation for onboarding: what a person would otherwise look up by hand. Each function takes what the site
 * already uses (Occupancy) and either checks a value the person gave or computes the default; it never reserves
 * (the caller does, once the whole workload is decided).
 */

/** Ports kotadc hands out for containers published to the proxy (the example's apps use 8081-8110). */
export interface PortRange {
  from: number
  to: number
}
export const PUBLISHED_PORTS: PortRange = {from: 8000, to: 8999}

const hint = (word: string, names: readonly string[]): string => {
  const near = suggestAll(word, names)
  return near.length ? `did you mean ${near.join(' or ')}?` : `one of: ${names.join(', ') || 'none'}`
}

/** A host given on the command line must exist and have the role. */
function givenHost(inv: Inventory, name: string, role: Role): Host {
  const candidates = hostsWithRole(inv, role)
  const host = candidates.find((h) => h.name === name)
  if (host) return host
  const exists = inv.hosts.some((h) => h.name === name)
  throw onboardErrors.valueInvalid(
    'host',
    name,
    `${exists ? `it does not have role ${role}` : 'there is no such host'}; ${hint(
      name,
      candidates.map((h) => h.name),
    )}`,
  )
}

/** The lowest port of the range no container on the host publishes. */
export function freePort(occ: Occupancy, host: string, range: PortRange = PUBLISHED_PORTS): number | undefined {
  const used = occ.ports.get(host) ?? new Set<number>()
  for (let p = range.from; p <= range.to; p++) if (!used.has(p)) return p
  return undefined
}

/** A port the person chose: a valid port number nothing on the host publishes yet. */
export function checkPort(occ: Occupancy, host: string, port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw onboardErrors.valueInvalid('port', String(port), 'a port is a whole number from 1 to 65535')
  if (occ.ports.get(host)?.has(port)) throw onboardErrors.valueInvalid('port', String(port), `another container on ${host} already publishes it`)
  return port
}

export interface DockerPlacement {
  host: string
  port: number
}

/**
 * The docker host with the most room, or the one given, and a free published port on it. Docker hosts declare no
 * capacity, so room is the number of containers already there (fewest wins; inventory order breaks ties), among the
 * hosts that still have a free port.
 */
export function placeContainer(inv: Inventory, occ: Occupancy, given: {host?: string; port?: number}, range = PUBLISHED_PORTS): DockerPlacement {
  if (given.host !== undefined) {
    const host = givenHost(inv, given.host, 'docker')
    if (given.port !== undefined) return {host: host.name, port: checkPort(occ, host.name, given.port)}
    const port = freePort(occ, host.name, range)
    if (port === undefined) throw onboardErrors.hostFull(host.name, `every published port from ${range.from} to ${range.to} is taken`, host.at)
    return {host: host.name, port}
  }
  const docker = hostsWithRole(inv, 'docker')
  const open = docker
    .map((h) => ({
      h,
      port: given.port === undefined ? freePort(occ, h.name, range) : occ.ports.get(h.name)?.has(given.port) ? undefined : given.port,
    }))
    .filter((c): c is {h: Host; port: number} => c.port !== undefined)
    .sort((a, b) => (occ.containers.get(a.h.name) ?? 0) - (occ.containers.get(b.h.name) ?? 0))
  const best = open[0]
  if (!best) {
    const why = docker.length
      ? docker
          .map((h) => `${h.name}: ${given.port === undefined ? `ports ${range.from}-${range.to} all taken` : `port ${given.port} taken`}`)
          .join('; ')
      : 'the inventory has no docker host'
    throw onboardErrors.noHost('docker', why)
  }
  return {host: best.h.name, port: best.port}
}

/** The database host with the fewest databases, or the one given. */
export function placeDatabase(inv: Inventory, occ: Occupancy, given?: string): string {
  if (given !== undefined) return givenHost(inv, given, 'database').name
  const best = [...hostsWithRole(inv, 'database')].sort((a, b) => (occ.databases.get(a.name) ?? 0) - (occ.databases.get(b.name) ?? 0))[0]
  if (!best) throw onboardErrors.noHost('database', 'the inventory has no database host')
  return best.name
}

const describeFree = (free: readonly number[]): string => DIMENSIONS.map((d, i) => `${free[i] ?? 0} ${d.unit}`).join(', ')

/**
 * The hypervisor with the most room for a VM of `demand` (cpus, memoryGiB, diskGiB): among those where it fits, the
 * one with the most memory left, then cpus. The one given must have room too.
 */
export function placeVm(inv: Inventory, occ: Occupancy, demand: readonly number[], given?: string): string {
  const fits = (h: Host): boolean => freeCapacity(occ, h).every((f, i) => f >= (demand[i] ?? 0))
  const want = describeFree(demand)
  if (given !== undefined) {
    const hv = givenHost(inv, given, 'hypervisor')
    if (!fits(hv))
      throw onboardErrors.hostFull(hv.name, `a VM of ${want} does not fit in what is left (${describeFree(freeCapacity(occ, hv))})`, hv.at)
    return hv.name
  }
  const hvs = hostsWithRole(inv, 'hypervisor')
  const room = (h: Host): number[] => freeCapacity(occ, h)
  const best = hvs.filter(fits).sort((a, b) => (room(b)[1] ?? 0) - (room(a)[1] ?? 0) || (room(b)[0] ?? 0) - (room(a)[0] ?? 0))[0]
  if (!best) {
    const why = hvs.length
      ? `a VM of ${want} fits on none: ${hvs.map((h) => `${h.name} has ${describeFree(room(h))} left`).join('; ')}`
      : 'the inventory has no hypervisor'
    throw onboardErrors.noHost('hypervisor', why)
  }
  return best.name
}

/** The network given, else the one most of the site's VMs use (the first network when there are no VMs yet). */
export function vmNetwork(inv: Inventory, given?: string): string {
  const names = inv.networks.map((n) => n.name)
  if (given !== undefined) {
    if (!names.includes(given)) throw onboardErrors.valueInvalid('network', given, hint(given, names))
    return given
  }
  const count = new Map<string, number>()
  for (const w of inv.workloads) if (w.kind === 'vm') count.set(w.network, (count.get(w.network) ?? 0) + 1)
  const best = [...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? names[0]
  if (best === undefined) throw onboardErrors.valueMissing('network for the VM (the site has none)', '--network')
  return best
}

/** The lowest address of the network no host or VM uses, skipping its network, broadcast and gateway addresses. */
export function freeAddress(inv: Inventory, occ: Occupancy, network: string, given?: string): string {
  const net = inv.networks.find((n) => n.name === network)
  const cidr = net ? parseCidr(net.cidr) : undefined
  if (!net || !isCidr(cidr))
    throw onboardErrors.valueInvalid(
      'network',
      network,
      hint(
        network,
        inv.networks.map((n) => n.name),
      ),
    )
  const r = reservedOf(cidr)
  const gateway = parseIpv4(net.gateway)
  const usable = (a: number): boolean => a !== r.network && a !== r.broadcast && a !== gateway && !occ.addresses.has(a)
  if (given !== undefined) {
    const a = parseIpv4(given)
    if (a === undefined) throw onboardErrors.valueInvalid('address', given, 'it is not an IPv4 address (a dotted quad such as 10.20.1.30)')
    if (!cidrContains(cidr, a)) throw onboardErrors.valueInvalid('address', given, `it is outside network ${network} (${net.cidr})`)
    if (!usable(a))
      throw onboardErrors.valueInvalid('address', given, `it is taken (a host, a VM, or the network's gateway, network or broadcast address)`)
    return given
  }
  for (let a = cidr.base; a < cidr.base + cidr.size; a++) if (usable(a)) return formatIpv4(a)
  throw onboardErrors.networkFull(network, net.cidr, net.at)
}

/**
 * The site's default backup policy: the one named `standard` when the site has it, else the first in site.yaml;
 * none when the site declares no policy. A policy given must exist.
 */
export function backupPolicy(inv: Inventory, given?: string): string | undefined {
  const names = inv.backupPolicies.map((p) => p.name)
  if (given !== undefined) {
    if (!names.includes(given)) throw onboardErrors.valueInvalid('backup policy', given, hint(given, names))
    return given
  }
  return names.includes('standard') ? 'standard' : names[0]
}

/** `NAME.<site domain>`. */
export const defaultDomain = (inv: Inventory, name: string): string => `${name}.${inv.site.domain}`
