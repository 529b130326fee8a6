import {describe, expect, it} from 'vitest'
import {listDnsRecords} from '../../../src/dns/records-list.js'
import {buildSiteZones} from '../../../src/dns/zone-model.js'
import {parseZoneSerial, planZoneFile, renderZone, withoutSerial} from '../../../src/dns/zone-render.js'
import {expected, expectOpsError} from '../netsvc/fixtures.js'
import {netsvcInventory} from '../netsvc/netsvc-inventory.js'

const SERIAL = 2026112900

describe('zone text', () => {
  const zones = buildSiteZones(netsvcInventory())
  const byName = new Map([zones.forward, ...zones.reverse].map((z) => [z.name, z]))

  it.each(['kota.example', '0.10.10.in-addr.arpa', '0.20.10.in-addr.arpa', '1.20.10.in-addr.arpa'])('%s', (name) => {
    const zone = byName.get(name)
    if (!zone) throw new Error(`no zone ${name}`)
    expect(renderZone(zone, SERIAL)).toBe(expected(`zone-${name}.txt`))
  })

  it('has one reverse zone per /24 of every network', () => {
    expect(zones.reverse.map((z) => z.name)).toEqual([
      '0.10.10.in-addr.arpa',
      '0.20.10.in-addr.arpa',
      '1.20.10.in-addr.arpa',
      '2.20.10.in-addr.arpa',
      '3.20.10.in-addr.arpa',
    ])
  })

  it('reports the VM whose domain is its own name as shadowed by the proxy', () => {
    expect(zones.shadowed).toEqual(['arsip'])
    expect(zones.outOfZone).toEqual([])
  })

  it('renders the same bytes whatever order the inventory lists things in', () => {
    const inv = netsvcInventory()
    // The first dns host is the primary (it names the SOA), so only the order of everything else may change.
    const isDns = (h: {roles: string[]}): boolean => h.roles.includes('dns')
    inv.hosts = [...inv.hosts.filter((h) => !isDns(h)).reverse(), ...inv.hosts.filter(isDns)]
    inv.workloads.reverse()
    inv.networks.reverse()
    const shuffled = buildSiteZones(inv)
    expect([shuffled.forward, ...shuffled.reverse].map((z) => renderZone(z, SERIAL))).toEqual(
      [zones.forward, ...zones.reverse].map((z) => renderZone(z, SERIAL)),
    )
  })
})

describe('serial against the live zone', () => {
  const zone = buildSiteZones(netsvcInventory()).forward

  it('starts at today when the primary has no zone file', () => {
    const f = planZoneFile(zone, '2026-11-29', undefined)
    expect([f.serial, f.changed]).toEqual([SERIAL, true])
    expect(parseZoneSerial(f.text)).toBe(SERIAL)
  })

  it('keeps the live serial, and so the live bytes, when only the date moved on', () => {
    const live = renderZone(zone, 2026110402)
    const f = planZoneFile(zone, '2026-11-29', live)
    expect(f).toEqual({zone: 'kota.example', serial: 2026110402, changed: false, text: live})
  })

  it('bumps the serial when a record changed', () => {
    const inv = netsvcInventory()
    const live = renderZone(buildSiteZones(inv).forward, 2026112901)
    inv.hosts.push({
      name: 'hv2',
      address: '10.10.0.12',
      network: 'mgmt',
      roles: ['hypervisor'],
      vars: {},
      at: {file: 'inventory/hosts.yaml', line: 40, col: 5},
    })
    const f = planZoneFile(buildSiteZones(inv).forward, '2026-11-29', live)
    expect([f.serial, f.changed]).toEqual([2026112902, true])
    expect(f.text).toContain('hv2      IN A   10.10.0.12\n')
  })

  it('treats a zone file kotadc did not write as changed and starts at today', () => {
    const f = planZoneFile(zone, '2026-11-29', '$TTL 60\n@ IN SOA a. b. 7 1 1 1 1\n')
    expect([f.serial, f.changed]).toEqual([SERIAL, true])
  })

  it('compares content without the serial', () => {
    expect(withoutSerial(renderZone(zone, 1))).toBe(withoutSerial(renderZone(zone, 2026112977)))
    expect(withoutSerial(renderZone(zone, 1))).not.toContain('\t1\t; serial')
  })
})

describe('zone errors', () => {
  it('refuses a VM that takes a host name', () => {
    const inv = netsvcInventory()
    const vm = inv.workloads.find((w) => w.name === 'floating')
    if (vm?.kind !== 'vm') throw new Error('fixture changed')
    vm.name = 'docker1'
    const e = expectOpsError(() => buildSiteZones(inv), 'NETSVC_DNS_NAME_CONFLICT')
    expect(e.message).toBe('DNS name docker1.kota.example is claimed by both host docker1 and VM docker1')
    expect(e.location).toEqual(vm.at)
  })

  it('refuses a workload domain that is a host name', () => {
    const inv = netsvcInventory()
    const w = inv.workloads.find((x) => x.name === 'simpus')
    if (w?.kind !== 'container') throw new Error('fixture changed')
    w.domain = 'net1.kota.example'
    expectOpsError(() => buildSiteZones(inv), 'NETSVC_DNS_NAME_CONFLICT')
  })

  it('leaves domains outside site.domain to the proxy and lists them', () => {
    const inv = netsvcInventory()
    const w = inv.workloads.find((x) => x.name === 'simpus')
    if (w?.kind !== 'container') throw new Error('fixture changed')
    w.domain = 'simpus.other.example'
    const zones = buildSiteZones(inv)
    expect(zones.outOfZone).toEqual(['simpus.other.example'])
    expect(zones.forward.records.some((r) => r.owner.startsWith('simpus'))).toBe(false)
  })

  it('needs a dns host', () => {
    const inv = netsvcInventory()
    for (const h of inv.hosts) h.roles = h.roles.filter((r) => r !== 'dns')
    expectOpsError(() => buildSiteZones(inv), 'NETSVC_NO_DNS_HOST')
  })

  it('needs a proxy host when workloads have domains', () => {
    const inv = netsvcInventory()
    for (const h of inv.hosts) h.roles = h.roles.filter((r) => r !== 'proxy')
    const e = expectOpsError(() => buildSiteZones(inv), 'NETSVC_NO_PROXY_HOST')
    expect(e.location).toBeDefined()
  })

  it('never writes a name that is not a DNS label', () => {
    const inv = netsvcInventory()
    const host = inv.hosts[0]
    if (!host) throw new Error('fixture changed')
    host.name = 'hv1 IN A 6.6.6.6;'
    const e = expectOpsError(() => buildSiteZones(inv), 'NETSVC_UNSAFE_VALUE')
    expect(e.location).toEqual(host.at)
  })
})

describe('records list (kotadc dns records)', () => {
  it('gives absolute names per zone, apex as the zone itself', () => {
    const rows = listDnsRecords(buildSiteZones(netsvcInventory()))
    expect(rows.slice(0, 4)).toEqual([
      {zone: 'kota.example', name: 'kota.example', type: 'NS', value: 'net1.kota.example'},
      {zone: 'kota.example', name: 'kota.example', type: 'NS', value: 'net2.kota.example'},
      {zone: 'kota.example', name: 'kota.example', type: 'A', value: '10.10.0.51'},
      {zone: 'kota.example', name: 'kota.example', type: 'A', value: '10.10.0.52'},
    ])
    expect(rows).toContainEqual({zone: '0.20.10.in-addr.arpa', name: '50.0.20.10.in-addr.arpa', type: 'PTR', value: 'arsip.kota.example'})
  })
})
