import {describe, expect, it} from 'vitest'
import {dnsRoleOf, renderNamedConf} from '../../../src/dns/named-conf.js'
import {buildSiteZones} from '../../../src/dns/zone-model.js'
import {expected, expectOpsError} from '../netsvc/fixtures.js'
import {netsvcInventory} from '../netsvc/netsvc-inventory.js'

const host = (inv: ReturnType<typeof netsvcInventory>, name: string) => {
  const h = inv.hosts.find((x) => x.name === name)
  if (!h) throw new Error(`no host ${name}`)
  return h
}

describe('named.conf zone statements', () => {
  const inv = netsvcInventory()
  const zones = buildSiteZones(inv)

  it('primary: allow-transfer and notify only to the secondary', () => {
    expect(renderNamedConf(inv, host(inv, 'net1'), zones)).toBe(expected('named-net1-primary.conf'))
  })

  it('secondary: pulls from the primary, transfers to nobody', () => {
    expect(renderNamedConf(inv, host(inv, 'net2'), zones)).toBe(expected('named-net2-secondary.conf'))
  })

  it('a lone primary transfers to nobody and notifies nobody', () => {
    const solo = netsvcInventory()
    host(solo, 'net2').roles = ['proxy']
    const text = renderNamedConf(solo, host(solo, 'net1'), buildSiteZones(solo))
    expect(text).toContain('\tallow-transfer { none; };\n\tnotify no;\n')
    expect(text).not.toContain('also-notify')
  })

  it('roles follow inventory order among dns hosts', () => {
    expect([dnsRoleOf(inv, host(inv, 'net1')), dnsRoleOf(inv, host(inv, 'net2'))]).toEqual(['primary', 'secondary'])
    const e = expectOpsError(() => dnsRoleOf(inv, host(inv, 'docker1')), 'NETSVC_NOT_DNS_HOST')
    expect(e.location).toEqual(host(inv, 'docker1').at)
  })
})
