import {describe, expect, it} from 'vitest'
import type {Network} from '../../../src/inventory/model.js'
import {parseIpv4} from '../../../src/inventory/validate/ipv4.js'
import {ptrOwner, reverseZoneOf, reverseZones, reverseZonesOfNetwork} from '../../../src/dns/reverse.js'
import {cases, expectOpsError} from '../netsvc/fixtures.js'

interface ReverseCase {
  case: string
  cidr: string
  zones?: string[]
  count?: number
  first?: string
  last?: string
  error?: string
}

const net = (cidr: string, name = 'n'): Network => ({name, cidr, gateway: '0.0.0.0', at: {file: 'inventory/site.yaml', line: 3, col: 5}})

describe('reverse zone naming', () => {
  it.each(cases<ReverseCase>('reverse'))('%s', (_, c) => {
    if (c.error) {
      const e = expectOpsError(() => reverseZonesOfNetwork(net(c.cidr)), c.error)
      expect(e.location).toEqual({file: 'inventory/site.yaml', line: 3, col: 5})
      return
    }
    const zones = reverseZonesOfNetwork(net(c.cidr))
    if (c.zones) expect(zones).toEqual(c.zones)
    if (c.count !== undefined) expect([zones.length, zones[0], zones.at(-1)]).toEqual([c.count, c.first, c.last])
  })

  it('names the PTR owner by the last octet inside the /24 zone', () => {
    const a = parseIpv4('10.20.3.77') as number
    expect([reverseZoneOf(a), ptrOwner(a)]).toEqual(['3.20.10.in-addr.arpa', '77'])
  })

  it('merges networks that share a /24 and sorts zones by address', () => {
    const zones = reverseZones([net('192.168.1.128/25', 'b'), net('10.10.0.0/24', 'a'), net('192.168.1.0/25', 'c'), net('10.9.0.0/24', 'd')])
    expect(zones).toEqual(['0.9.10.in-addr.arpa', '0.10.10.in-addr.arpa', '1.168.192.in-addr.arpa'])
  })
})
