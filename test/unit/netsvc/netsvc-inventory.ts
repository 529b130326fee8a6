import type {Inventory} from '../../../src/inventory/model.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const at = (file: string, line: number) => ({file, line, col: 5})

/**
 * smallInventory plus what the network services need: two dns+proxy hosts, a container on the apex domain, and the
 * VM arsip published under its own name (so its domain shadows its name record).
 */
export function netsvcInventory(): Inventory {
  const inv = smallInventory()
  inv.hosts.push(
    {name: 'net1', address: '10.10.0.51', network: 'mgmt', roles: ['dns', 'proxy', 'firewall'], vars: {}, at: at('inventory/hosts.yaml', 24)},
    {name: 'net2', address: '10.10.0.52', network: 'mgmt', roles: ['dns', 'proxy'], vars: {}, at: at('inventory/hosts.yaml', 29)},
  )
  inv.workloads.push({
    name: 'portal',
    agency: 'setda',
    kind: 'container',
    host: 'docker1',
    image: 'registry.internal/setda/portal:1.0',
    port: 8082,
    env: {},
    secrets: [],
    volumes: [],
    domain: 'kota.example',
    at: at('inventory/agencies/setda.yaml', 26),
  })
  const arsip = inv.workloads.find((w) => w.name === 'arsip')
  if (arsip?.kind === 'vm') Object.assign(arsip, {domain: 'arsip.kota.example', port: 8080})
  return inv
}
