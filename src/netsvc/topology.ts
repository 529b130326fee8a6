import type {SourceLocation} from '../errors/ops-error.js'
import type {Host, Inventory, Workload} from '../inventory/model.js'
import {hostByName, hostsWithRole} from '../inventory/query.js'
import {netsvcErrors} from '../errors/netsvc.js'
import {safeDomain, safeIpv4, safeLabel, safePort} from './safe.js'

/** The DNS servers: the first role-dns host (inventory order) is the primary, every other one a secondary. */
export interface DnsServers {
  primary: Host
  secondaries: Host[]
}

export function dnsServers(inv: Inventory): DnsServers {
  const [primary, ...secondaries] = hostsWithRole(inv, 'dns')
  if (!primary) throw netsvcErrors.noDnsHost()
  return {primary, secondaries}
}

/** Where the proxy sends a workload domain's requests. */
export interface Upstream {
  address: string
  port: number
  /** Port 443 upstreams (VMs terminating TLS themselves) are spoken to over HTTPS. */
  scheme: 'http' | 'https'
}

/** A workload served by the proxy hosts under its own domain. */
export interface ExposedWorkload {
  workload: string
  domain: string
  upstream: Upstream
  at: SourceLocation
}

// VMs published without a port are assumed to serve plain HTTP.
const VM_DEFAULT_PORT = 80

function upstreamOf(inv: Inventory, w: Workload & {domain: string}): Upstream {
  if (w.kind === 'vm') {
    const port = safePort(w.port ?? VM_DEFAULT_PORT, `workload ${w.name} port`, w.at)
    return {address: safeIpv4(w.address, `workload ${w.name} address`, w.at), port, scheme: port === 443 ? 'https' : 'http'}
  }
  if (w.kind !== 'container') throw netsvcErrors.unsafeValue('workload kind', w.kind, w.at)
  if (w.port === undefined) throw netsvcErrors.noUpstreamPort(w.name, w.domain, w.at)
  const host = hostByName(inv, w.host)
  if (!host) throw netsvcErrors.unsafeValue('docker host', w.host, w.at)
  return {
    address: safeIpv4(host.address, `host ${host.name} address`, host.at),
    port: safePort(w.port, `workload ${w.name} port`, w.at),
    scheme: 'http',
  }
}

const hasDomain = (w: Workload): w is Workload & {domain: string} => 'domain' in w && typeof w.domain === 'string'

/** Every workload with a domain, sorted by domain, with its upstream. Needs at least one proxy host. */
export function exposedWorkloads(inv: Inventory): ExposedWorkload[] {
  const exposed = inv.workloads.filter(hasDomain)
  const first = exposed[0]
  if (first && proxyHosts(inv).length === 0) throw netsvcErrors.noProxy(first.domain, first.at)
  return exposed
    .map((w) => ({
      workload: safeLabel(w.name, 'workload name', w.at),
      domain: safeDomain(w.domain, `workload ${w.name} domain`, w.at),
      upstream: upstreamOf(inv, w),
      at: w.at,
    }))
    .sort((a, b) => a.domain.localeCompare(b.domain))
}

export const proxyHosts = (inv: Inventory): Host[] => hostsWithRole(inv, 'proxy')

/** Addresses of the proxy hosts, validated, in inventory order. */
export const proxyAddresses = (inv: Inventory): string[] => proxyHosts(inv).map((h) => safeIpv4(h.address, `host ${h.name} address`, h.at))
