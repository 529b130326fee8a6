import type {Network} from '../inventory/model.js'
import {formatIpv4, isCidr, parseCidr, parseIpv4} from '../inventory/validate/ipv4.js'
import {netsvcErrors} from '../errors/netsvc.js'

// Reverse zones are always whole /24s (no RFC 2317 classless delegation): a /22 is four zones, a /26 lives in the
// zone of its enclosing /24. 256 zones (a /16) is the most one network may produce.
const MAX_ZONES_PER_NETWORK = 256
const BLOCK = 256

/** `c.b.a.in-addr.arpa` for the /24 that holds the address (a number, as from parseIpv4). */
export const reverseZoneOf = (addr: number): string => {
  const [a, b, c] = formatIpv4(addr - (addr % BLOCK)).split('.')
  return `${c}.${b}.${a}.in-addr.arpa`
}

/** Owner name of the address's PTR record inside its /24 zone: the last octet. */
export const ptrOwner = (addr: number): string => String(addr % BLOCK)

/** The /24 reverse zones covering a network, in address order. */
export function reverseZonesOfNetwork(net: Network): string[] {
  const cidr = parseCidr(net.cidr)
  if (!isCidr(cidr)) throw netsvcErrors.unsafeValue(`network ${net.name} cidr`, net.cidr, net.at)
  const start = cidr.base - (cidr.base % BLOCK)
  const count = Math.max(1, cidr.size / BLOCK)
  if (count > MAX_ZONES_PER_NETWORK) throw netsvcErrors.networkTooLarge(net.name, net.cidr, net.at)
  return Array.from({length: count}, (_, i) => reverseZoneOf(start + i * BLOCK))
}

/** Every reverse zone of the site's networks, without duplicates (two /25s share one zone), in address order. */
export function reverseZones(networks: readonly Network[]): string[] {
  const all = networks.flatMap(reverseZonesOfNetwork)
  const key = (zone: string): number => parseIpv4(`${zone.split('.').slice(0, 3).reverse().join('.')}.0`) ?? 0
  return [...new Set(all)].sort((x, y) => key(x) - key(y))
}
