import {inventoryIssue} from '../../errors/catalog.js'
import {draft, type IssueDraft, type Ref} from './draft.js'
import {cidrContains, isCidr, parseCidr, parseIpv4, reservedOf, type Cidr} from './ipv4.js'
import {fieldRef, str, where, type Entry, type Locator, type RawInventory} from './raw.js'

interface Net {
  name: string
  cidr: Cidr
  cidrText: string
  gateway?: number
}

function networks(raw: RawInventory, out: IssueDraft[]): Map<string, Net> {
  const nets = new Map<string, Net>()
  for (const e of raw.networks) {
    const name = str(e.v.name)
    const cidrText = str(e.v.cidr)
    const c = cidrText === undefined ? undefined : parseCidr(cidrText)
    if (name === undefined || cidrText === undefined || !isCidr(c) || nets.has(name)) continue
    const gwText = str(e.v.gateway)
    const gateway = gwText === undefined ? undefined : parseIpv4(gwText)
    nets.set(name, {name, cidr: c, cidrText, ...(gateway === undefined ? {} : {gateway})})
    if (gateway === undefined || gwText === undefined) continue
    const at = fieldRef(e, 'gateway')
    if (!cidrContains(c, gateway)) out.push(draft(inventoryIssue.addressOutsideNetwork(gwText, name, cidrText), at))
    else {
      const r = reservedOf(c)
      if (gateway === r.network || gateway === r.broadcast) out.push(draft(inventoryIssue.addressReserved(gwText, gateway === r.network ? 'network' : 'broadcast', name), at))
    }
  }
  return nets
}

/**
 * Host and VM addresses: inside their network, not its gateway/network/broadcast address, unique site-wide.
 * Gateways are checked against their own block.
 */
export function checkAddresses(raw: RawInventory, loc: Locator): IssueDraft[] {
  const out: IssueDraft[] = []
  const nets = networks(raw, out)
  const used = new Map<number, Ref>()
  const check = (e: Entry): void => {
    const text = str(e.v.address)
    const addr = text === undefined ? undefined : parseIpv4(text)
    if (addr === undefined || text === undefined) return
    const at = fieldRef(e, 'address')
    const prev = used.get(addr)
    if (prev) out.push(draft(inventoryIssue.duplicateAddress(text, where(loc(prev))), at))
    else used.set(addr, at)
    const netName = str(e.v.network)
    const net = netName === undefined ? undefined : nets.get(netName)
    if (!net) return
    if (!cidrContains(net.cidr, addr)) {
      out.push(draft(inventoryIssue.addressOutsideNetwork(text, net.name, net.cidrText), at))
      return
    }
    const r = reservedOf(net.cidr)
    const what = addr === net.gateway ? 'gateway' : addr === r.network ? 'network' : addr === r.broadcast ? 'broadcast' : undefined
    if (what) out.push(draft(inventoryIssue.addressReserved(text, what, net.name), at))
  }
  raw.hosts.forEach(check)
  raw.workloads.filter((w) => w.v.kind === 'vm').forEach(check)
  return out
}
