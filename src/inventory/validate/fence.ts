import {inventoryIssue} from '../../errors/inventory.js'
import {draft, type IssueDraft} from './draft.js'
import {cidrContains, isCidr, parseCidr, parseIpv4} from './ipv4.js'
import {fieldRef, str, where, type Locator, type RawInventory} from './raw.js'

/**
 * Hosts an overlay leaves outside its own allowedNetworks: usually a host the overlay forgot, still at its production
 * address. kotadc refuses to contact them (exec/fence.ts); `validate --env` says so before any run does.
 */
export function checkFence(raw: RawInventory, loc: Locator): IssueDraft[] {
  if (!raw.fence) return []
  const blocks = raw.fence.networks.map(parseCidr)
  // A malformed block is the schema's to report; judging hosts against the rest would mislead.
  if (!blocks.every(isCidr)) return []
  const declared = where(loc(raw.fence.ref))
  const out: IssueDraft[] = []
  for (const e of raw.hosts) {
    const name = str(e.v.name)
    const address = str(e.v.address)
    const n = address === undefined ? undefined : parseIpv4(address)
    if (name === undefined || address === undefined || n === undefined) continue
    if (!blocks.some((b) => cidrContains(b, n))) out.push(draft(inventoryIssue.hostOutsideFence(name, address, declared), fieldRef(e, 'address')))
  }
  return out
}
