import type {SourceLocation} from '../errors/ops-error.js'
import type {Inventory} from '../inventory/model.js'
import {parseIpv4} from '../inventory/validate/ipv4.js'
import {netsvcErrors} from '../errors/netsvc.js'
import {ptrOwner, reverseZoneOf, reverseZones} from './reverse.js'
import {safeDomain, safeIpv4, safeLabel} from '../netsvc/safe.js'
import {dnsServers, exposedWorkloads, proxyAddresses} from '../netsvc/topology.js'

export type RecordType = 'NS' | 'A' | 'PTR'

/** One resource record; `owner` is relative to the zone (`@` for the apex), values of NS/PTR are absolute names. */
export interface ZoneRecord {
  owner: string
  type: RecordType
  value: string
}

/** SOA fields other than the serial, which depends on the live zone (see serial.ts). */
export interface Soa {
  mname: string
  rname: string
  refresh: number
  retry: number
  expire: number
  negativeTtl: number
}

export interface Zone {
  /** Zone name without the trailing dot, e.g. kota.example or 0.10.10.in-addr.arpa. */
  name: string
  ttl: number
  soa: Soa
  records: ZoneRecord[]
}

/** What the dns service will serve: the site's forward zone and one reverse zone per /24 of its networks. */
export interface SiteZones {
  forward: Zone
  reverse: Zone[]
  /** Workload domains outside site.domain: served by the proxy, but not by our DNS. */
  outOfZone: string[]
  /** VMs whose own name equals their domain: the domain (the proxy) answers for it. */
  shadowed: string[]
}

const TTL = 3600
const SOA_TIMERS = {refresh: 3600, retry: 900, expire: 1_209_600, negativeTtl: 300}

const abs = (fqdn: string): string => `${fqdn}.`
const ownerIn = (zone: string, fqdn: string): string => (fqdn === zone ? '@' : fqdn.slice(0, -(zone.length + 1)))
const inZone = (zone: string, fqdn: string): boolean => fqdn === zone || fqdn.endsWith(`.${zone}`)

interface Claim {
  fqdn: string
  by: string
  addresses: string[]
  at?: SourceLocation
}

// Each name belongs to exactly one thing; the one exception is a VM whose domain is its own name.
function claimNames(inv: Inventory, domain: string): {claims: Claim[]; shadowedVms: Claim[]; outOfZone: string[]} {
  const byName = new Map<string, Claim>()
  const claim = (c: Claim): void => {
    const prev = byName.get(c.fqdn)
    if (prev) throw netsvcErrors.nameConflict(c.fqdn, prev.by, c.by, c.at)
    byName.set(c.fqdn, c)
  }
  for (const h of inv.hosts)
    claim({
      fqdn: `${safeLabel(h.name, 'host name', h.at)}.${domain}`,
      by: `host ${h.name}`,
      addresses: [safeIpv4(h.address, `host ${h.name} address`, h.at)],
      at: h.at,
    })
  const exposed = exposedWorkloads(inv)
  const exposedDomains = new Set(exposed.map((e) => e.domain))
  const shadowedVms: Claim[] = []
  for (const w of inv.workloads) {
    if (w.kind !== 'vm') continue
    const fqdn = `${safeLabel(w.name, 'workload name', w.at)}.${domain}`
    const vm: Claim = {fqdn, by: `VM ${w.name}`, addresses: [safeIpv4(w.address, `workload ${w.name} address`, w.at)], at: w.at}
    if (w.domain === fqdn && exposedDomains.has(fqdn)) shadowedVms.push(vm)
    else claim(vm)
  }
  const proxies = exposed.length > 0 ? proxyAddresses(inv) : []
  const outOfZone: string[] = []
  for (const e of exposed) {
    if (!inZone(domain, e.domain)) outOfZone.push(e.domain)
    else claim({fqdn: e.domain, by: `workload ${e.workload} domain`, addresses: proxies, at: e.at})
  }
  return {claims: [...byName.values()], shadowedVms, outOfZone}
}

const addrKey = (v: string): number => parseIpv4(v) ?? 0
const TYPE_ORDER: Record<RecordType, number> = {NS: 0, A: 1, PTR: 2}

/** Apex first, then owners by name (PTR owners numerically); within an owner by type, then value. */
export function sortRecords(records: readonly ZoneRecord[]): ZoneRecord[] {
  const ownerCmp = (a: string, b: string): number => {
    if (a === b) return 0
    if (a === '@' || b === '@') return a === '@' ? -1 : 1
    const na = Number(a)
    const nb = Number(b)
    return Number.isInteger(na) && Number.isInteger(nb) ? na - nb : a < b ? -1 : 1
  }
  return [...records].sort(
    (a, b) =>
      ownerCmp(a.owner, b.owner) ||
      TYPE_ORDER[a.type] - TYPE_ORDER[b.type] ||
      addrKey(a.value) - addrKey(b.value) ||
      (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  )
}

/** The forward zone (site.domain) and the /24 reverse zones, built from hosts, VMs and workload domains. */
export function buildSiteZones(inv: Inventory): SiteZones {
  const domain = safeDomain(inv.site.domain, 'site.domain')
  const servers = dnsServers(inv)
  const nsNames = [servers.primary, ...servers.secondaries].map((h) => abs(`${h.name}.${domain}`))
  const soa: Soa = {mname: abs(`${servers.primary.name}.${domain}`), rname: abs(`hostmaster.${domain}`), ...SOA_TIMERS}
  const ns = nsNames.map((value): ZoneRecord => ({owner: '@', type: 'NS', value}))
  const {claims, shadowedVms, outOfZone} = claimNames(inv, domain)

  const forwardRecords = claims.flatMap((c) => c.addresses.map((value): ZoneRecord => ({owner: ownerIn(domain, c.fqdn), type: 'A', value})))
  const forward: Zone = {name: domain, ttl: TTL, soa, records: sortRecords([...ns, ...forwardRecords])}

  // Only hosts and VMs own their address (a shadowed VM keeps its PTR); workload domains point at the proxies.
  const ptrs = new Map<string, ZoneRecord[]>()
  for (const c of [...claims, ...shadowedVms]) {
    if (c.by.startsWith('workload ')) continue
    for (const a of c.addresses) {
      const n = parseIpv4(a) as number
      const zone = reverseZoneOf(n)
      ptrs.set(zone, [...(ptrs.get(zone) ?? []), {owner: ptrOwner(n), type: 'PTR', value: abs(c.fqdn)}])
    }
  }
  const reverse = reverseZones(inv.networks).map((name): Zone => ({name, ttl: TTL, soa, records: sortRecords([...ns, ...(ptrs.get(name) ?? [])])}))
  return {forward, reverse, outOfZone: outOfZone.sort(), shadowed: shadowedVms.map((c) => c.by.slice('VM '.length)).sort()}
}

/** Every zone the site serves, forward first. */
export const allZones = (z: SiteZones): Zone[] => [z.forward, ...z.reverse]
