import {describe, expect, it} from 'vitest'
import {buildHostRuleset} from '../../../src/firewall/nftables.js'
import {renderRuleset} from '../../../src/firewall/nftables-render.js'
import {expected, expectOpsError} from '../netsvc/fixtures.js'
import {netsvcInventory} from '../netsvc/netsvc-inventory.js'

const host = (inv: ReturnType<typeof netsvcInventory>, name: string) => {
  const h = inv.hosts.find((x) => x.name === name)
  if (!h) throw new Error(`no host ${name}`)
  return h
}

describe('nftables rulesets', () => {
  // docker1: published ports from the proxies only; db1: postgres from its agency's hosts; net1: dns and proxy;
  // backup1: sftp from the hosts whose workloads it stores; hv1: ssh only.
  it.each(['docker1', 'db1', 'net1', 'backup1', 'hv1'])('%s', (name) => {
    const inv = netsvcInventory()
    expect(renderRuleset(buildHostRuleset(inv, host(inv, name)))).toBe(expected(`nft-${name}.nft`))
  })

  it('opens the host own ssh port, and the jump host it is reached through', () => {
    const inv = netsvcInventory()
    inv.hosts.push({name: 'edge', address: '10.30.0.5', network: 'dmz', roles: [], vars: {}, at: {file: 'inventory/hosts.yaml', line: 50, col: 5}})
    host(inv, 'hv1').ssh = {port: 2222, jumpHost: 'edge'}
    expect(buildHostRuleset(inv, host(inv, 'hv1')).input[0]).toEqual({
      proto: 'tcp',
      ports: [2222],
      from: ['10.10.0.0/24', '10.30.0.5'],
      comment: 'ssh from mgmt',
    })
  })

  it('needs the mgmt network to know where SSH may come from', () => {
    const inv = netsvcInventory()
    inv.networks = inv.networks.filter((n) => n.name !== 'mgmt')
    expectOpsError(() => buildHostRuleset(inv, host(inv, 'hv1')), 'NETSVC_NO_MGMT_NETWORK')
  })

  it('without proxy hosts, published ports are closed in both chains', () => {
    const inv = netsvcInventory()
    for (const h of inv.hosts) h.roles = h.roles.filter((r) => r !== 'proxy')
    for (const w of inv.workloads) if (w.kind !== 'postgres') delete w.domain
    const text = renderRuleset(buildHostRuleset(inv, host(inv, 'docker1')))
    expect(text).not.toContain('published ports from proxies')
    expect(text).toContain('ct status dnat meta l4proto tcp ct original proto-dst { 8081, 8082 } drop')
  })

  it('replaces only its own table, in one transaction', () => {
    const inv = netsvcInventory()
    const lines = renderRuleset(buildHostRuleset(inv, host(inv, 'hv1'))).split('\n')
    expect(lines.slice(2, 5)).toEqual(['table inet kotadc', 'delete table inet kotadc', 'table inet kotadc {'])
    expect(lines.join('\n')).not.toContain('flush ruleset')
  })
})
