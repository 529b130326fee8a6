import {describe, expect, it} from 'vitest'
import {UserError} from '../../../src/errors/ops-error.js'
import {AmbiguousNameError} from '../../../src/errors/inventory-commands.js'
import {listInventory} from '../../../src/services/inventory-list.js'
import {plainFields, showInventoryObject} from '../../../src/services/inventory-show.js'
import {Secret} from '../../../src/inventory/secret.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const codeOf = (fn: () => unknown): {code: string; hint?: string; message: string} => {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(UserError)
    const {code, hint, message} = e as UserError
    return hint === undefined ? {code, message} : {code, hint, message}
  }
  throw new Error('expected a UserError')
}

describe('listInventory', () => {
  it('lists hosts with stable fields, filtered by role', () => {
    const r = listInventory(smallInventory(), 'hosts', {role: 'backup'})
    expect(r.kind).toBe('hosts')
    expect(r.items.map((h) => h.name)).toEqual(['db1', 'backup1'])
    expect(r.items[0]).toEqual({
      name: 'db1',
      address: '10.10.0.31',
      network: 'mgmt',
      roles: ['database', 'backup'],
      hostKey: null,
      cpus: null,
      memoryGiB: null,
      diskGiB: null,
      workloads: 1,
      location: {file: 'inventory/hosts.yaml', line: 14, col: 5},
    })
  })

  it('lists workloads filtered by agency, kind and host, counting a VM on its hypervisor', () => {
    const inv = smallInventory()
    expect(listInventory(inv, 'workloads', {agency: 'dinkes'}).items.map((w) => w.name)).toEqual(['simpus', 'simpus-db'])
    expect(listInventory(inv, 'workloads', {kind: 'vm'}).items.map((w) => w.name)).toEqual(['arsip', 'floating'])
    expect(listInventory(inv, 'workloads', {host: 'hv1'}).items.map((w) => w.name)).toEqual(['arsip'])
    const [arsip] = listInventory(inv, 'workloads', {agency: 'setda', kind: 'vm', host: 'hv1'}).items
    expect(arsip).toMatchObject({host: 'hv1', address: '10.20.0.50', image: 'debian-12', port: null, domain: null, backupPolicy: null})
    const [pg] = listInventory(inv, 'workloads', {kind: 'postgres'}).items
    expect(pg).toMatchObject({name: 'simpus-db', host: 'db1', image: null, backupPolicy: 'standard'})
  })

  it('counts workloads per agency and hosts per network', () => {
    const inv = smallInventory()
    expect(listInventory(inv, 'agencies').items.map((a) => [a.code, a.workloads, a.email])).toEqual([
      ['dinkes', 2, 'data@dinkes.example'],
      ['setda', 2, null],
    ])
    expect(listInventory(inv, 'networks').items.map((n) => [n.name, n.hosts, n.vms, n.vlan])).toEqual([
      ['mgmt', 4, 0, 10],
      ['services', 0, 2, null],
    ])
  })

  it('rejects a filter that does not apply to the kind', () => {
    const e = codeOf(() => listInventory(smallInventory(), 'networks', {role: 'docker'}))
    expect(e.code).toBe('INVENTORY_FILTER_NOT_APPLICABLE')
    expect(e.hint).toContain('--role applies to hosts')
  })

  it('rejects an unknown agency with a did-you-mean', () => {
    const e = codeOf(() => listInventory(smallInventory(), 'workloads', {agency: 'dinks'}))
    expect(e.code).toBe('INVENTORY_NAME_UNKNOWN')
    expect(e.hint).toMatch(/^did you mean "dinkes"\?/)
  })
})

describe('showInventoryObject', () => {
  it('finds a host with its network, workloads and the policies that store on it', () => {
    const r = showInventoryObject(smallInventory(), 'backup1')
    expect(r.type).toBe('host')
    expect(r.location).toEqual({file: 'inventory/hosts.yaml', line: 19, col: 5})
    expect(r.fields).not.toHaveProperty('at')
    expect(Object.keys(r.fields)[0]).toBe('name')
    expect(r.related.map((x) => `${x.relation} ${x.type} ${x.name}`)).toEqual(['on network network mgmt', 'repository for policy standard'])
  })

  it('relates a workload to its agency, host and policy, and a VM to its network', () => {
    const inv = smallInventory()
    expect(showInventoryObject(inv, 'simpus').related.map((x) => `${x.type}:${x.name}`)).toEqual(['agency:dinkes', 'host:docker1', 'policy:standard'])
    expect(showInventoryObject(inv, 'arsip').related.map((x) => `${x.relation}:${x.name}`)).toEqual([
      'owned by:setda',
      'runs on hypervisor:hv1',
      'on network:services',
    ])
    expect(showInventoryObject(inv, 'setda').related.map((x) => x.name)).toEqual(['arsip', 'floating'])
    expect(showInventoryObject(inv, 'standard').related.map((x) => `${x.relation}:${x.name}`)).toEqual([
      'stores to:backup1',
      'protects:simpus',
      'protects:simpus-db',
    ])
    expect(showInventoryObject(inv, 'services').related.map((x) => x.name)).toEqual(['arsip', 'floating'])
  })

  it('puts identifying fields first and drops the location', () => {
    const fields = plainFields({vars: {rack: 'A1'}, agency: 'dinkes', kind: 'vm', name: 'x', at: {file: 'f', line: 1, col: 1}})
    expect(Object.keys(fields)).toEqual(['name', 'kind', 'agency', 'vars'])
  })

  it('shows secrets by name only, even if a Secret value reached the model', () => {
    const inv = smallInventory()
    const w = inv.workloads[0]! as unknown as Record<string, unknown>
    w.env = {TZ: 'Asia/Makassar', TOKEN: new Secret('SIMPUS_TOKEN', 'hunter2')}
    const r = showInventoryObject(inv, 'simpus')
    expect(r.fields.secrets).toEqual(['SIMPUS_DB_PASSWORD'])
    expect(JSON.stringify(r)).not.toContain('hunter2')
    expect(r.fields.env).toEqual({TZ: 'Asia/Makassar', TOKEN: 'secret:SIMPUS_TOKEN'})
  })

  it('reports a name shared by two kinds as ambiguous, and --type picks one', () => {
    const inv = smallInventory()
    inv.agencies.push({code: 'arsip', name: 'Dinas Kearsipan', at: {file: 'inventory/agencies/arsip.yaml', line: 2, col: 3}})
    let err: unknown
    try {
      showInventoryObject(inv, 'arsip')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AmbiguousNameError)
    const amb = err as AmbiguousNameError
    expect(amb.code).toBe('INVENTORY_NAME_AMBIGUOUS')
    expect(amb.matches.map((m) => m.type)).toEqual(['agency', 'workload'])
    expect(amb.message).toContain('agency arsip (inventory/agencies/arsip.yaml:2)')
    expect(amb.toJSON().details).toEqual({matches: amb.matches})
    expect(showInventoryObject(inv, 'arsip', 'workload').type).toBe('workload')
  })

  it('reports an unknown name with suggestions', () => {
    const e = codeOf(() => showInventoryObject(smallInventory(), 'simpuss'))
    expect(e.code).toBe('INVENTORY_NAME_UNKNOWN')
    expect(e.message).toBe('no host, network, agency, workload or backup policy is named "simpuss"')
    expect(e.hint).toMatch(/^did you mean "simpus"\? run `kotadc inventory list/)
    expect(codeOf(() => showInventoryObject(smallInventory(), 'simpus', 'host')).message).toBe('no host is named "simpus"')
  })
})
