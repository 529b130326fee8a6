import {fileURLToPath} from 'node:url'
import {beforeAll, describe, expect, it} from 'vitest'
import type {Inventory} from '../../../src/inventory/model.js'
import {loadInventory} from '../../../src/inventory/load.js'
import {planCertificates} from '../../../src/pki/cert-plan.js'
import {buildSiteZones} from '../../../src/dns/zone-model.js'
import {planZoneFile} from '../../../src/dns/zone-render.js'
import {dnsTasks} from '../../../src/dns/playbook.js'
import {firewallTasks} from '../../../src/firewall/playbook.js'
import {proxyTasks} from '../../../src/proxy/playbook.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

// The shipped example inventory must build every network service without errors.
describe('example inventory (inventory/)', () => {
  let inv: Inventory
  beforeAll(async () => {
    inv = (await loadInventory({dir: 'inventory', cwd: ROOT})).inventory
  })

  it('builds the zones: every host and workload domain, and the VMs published under their own name', () => {
    const zones = buildSiteZones(inv)
    expect(zones.forward.name).toBe('kotamobagukota.go.id')
    expect(zones.reverse.length).toBeGreaterThanOrEqual(6)
    expect(zones.shadowed).toEqual(['sig-jalan', 'simrs'])
    const owners = new Set(zones.forward.records.map((r) => r.owner))
    for (const h of inv.hosts) expect(owners).toContain(h.name)
    for (const z of [zones.forward, ...zones.reverse]) expect(planZoneFile(z, '2026-11-29', undefined).serial).toBe(2026112900)
  })

  it('builds every playbook for every host it targets', () => {
    const has = (role: string) => inv.hosts.filter((h) => (h.roles as string[]).includes(role))
    const dns = has('dns').flatMap((h) => dnsTasks(inv, h, {today: '2026-11-29', liveZone: () => undefined}))
    const proxy = has('proxy').flatMap((h) => proxyTasks(inv, h, {caCert: 'CA', issued: () => undefined, pending: () => undefined}))
    const firewall = inv.hosts.flatMap((h) => firewallTasks(inv, h))
    expect(dns.length).toBeGreaterThan(0)
    expect(proxy.filter((t) => t.name.startsWith('vhost ')).length).toBe(2 * inv.workloads.filter((w) => w.kind !== 'postgres' && w.domain).length)
    expect(firewall.length).toBe(3 * inv.hosts.length)
    expect(planCertificates(inv, {now: new Date('2026-11-29T00:00:00Z'), expiry: () => undefined}).every((c) => c.action === 'issue')).toBe(true)
  })
})
