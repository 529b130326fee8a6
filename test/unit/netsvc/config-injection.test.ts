import {describe, expect, it} from 'vitest'
import {buildVhosts} from '../../../src/proxy/nginx-vhost.js'
import {buildHostRuleset} from '../../../src/firewall/nftables.js'
import {buildSiteZones} from '../../../src/dns/zone-model.js'
import {expectOpsError} from './fixtures.js'
import {netsvcInventory} from './netsvc-inventory.js'

// The validator refuses these shapes first (fixtures/inventory/invalid/domain-newline-injection and friends); these
// tests show the renderers refuse them again at the point of interpolation, for a model built without the validator.
describe('service config injection: a crafted inventory value never becomes a directive', () => {
  it('nginx: a domain with ";" and a newline cannot add a directive to the vhost', () => {
    const inv = netsvcInventory()
    const simpus = inv.workloads.find((w) => w.name === 'simpus')
    if (simpus?.kind !== 'container') throw new Error('fixture changed')
    simpus.domain = 'simpus.kota.example;\n\tinclude /etc/shadow'
    expect(expectOpsError(() => buildVhosts(inv), 'NETSVC_UNSAFE_VALUE').location).toEqual(simpus.at)
  })

  it('BIND: a host name with a newline cannot add a line to the zone', () => {
    const inv = netsvcInventory()
    const h = inv.hosts[0]!
    h.name = 'hv1\n@ IN NS evil.example.'
    expect(expectOpsError(() => buildSiteZones(inv), 'NETSVC_UNSAFE_VALUE').location).toEqual(h.at)
  })

  it('nftables: an address with a rule after it cannot open the firewall', () => {
    const inv = netsvcInventory()
    const docker1 = inv.hosts.find((h) => h.name === 'docker1')!
    const proxy = inv.hosts.find((h) => h.roles.includes('proxy'))!
    proxy.address = '10.10.0.5 } accept\n\tip saddr 0.0.0.0/0 accept #'
    expectOpsError(() => buildHostRuleset(inv, docker1), 'NETSVC_UNSAFE_VALUE')
  })
})
