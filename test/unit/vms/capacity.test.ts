import {describe, expect, it} from 'vitest'
import type {Host, Inventory, VmWorkload} from '../../../src/inventory/model.js'
import {renderCapacity} from '../../../src/cli/render/capacity.js'
import {hypervisorCapacity} from '../../../src/vms/capacity.js'

const at = {file: 'inventory/hosts.yaml', line: 1, col: 1}
const hv = (name: string, extra: Partial<Host> = {}): Host => ({
  name,
  address: '10.10.0.11',
  network: 'mgmt',
  roles: ['hypervisor'],
  vars: {},
  at,
  ...extra,
})
const vm = (name: string, hypervisor: string, cpus: number, memoryGiB: number, diskGiB: number, placed = false): VmWorkload => ({
  kind: 'vm',
  name,
  agency: 'setda',
  hypervisor,
  cpus,
  memoryGiB,
  diskGiB,
  image: 'debian-12',
  network: 'services',
  address: '10.20.0.50',
  ...(placed ? {placed: true} : {}),
  at,
})
const inventory = (hosts: Host[], workloads: VmWorkload[]): Inventory =>
  ({hosts: [...hosts, {name: 'web1', address: '10.20.0.30', network: 'services', roles: ['proxy'], vars: {}, at}], workloads}) as unknown as Inventory

describe('hypervisorCapacity', () => {
  it('sums what each hypervisor’s VMs take against what it declares, stretched by overcommit, and marks first-fit placements', () => {
    const rows = hypervisorCapacity(
      inventory(
        [
          hv('hv1', {resources: {cpus: 32, memoryGiB: 128, diskGiB: 4000}}),
          hv('hv2', {resources: {cpus: 32, memoryGiB: 128, diskGiB: 4000}, overcommit: {cpu: 2}}),
        ],
        [vm('siak', 'hv1', 8, 32, 500), vm('arsip', 'hv1', 2, 8, 500, true), vm('simrs', 'hv2', 8, 32, 1000)],
      ),
    )
    expect(rows.map((r) => r.hypervisor)).toEqual(['hv1', 'hv2'])
    expect(rows[0]).toMatchObject({
      cpus: {declared: 32, limit: 32, allocated: 10},
      memoryGiB: {declared: 128, limit: 128, allocated: 40},
      diskGiB: {declared: 4000, limit: 4000, allocated: 1000},
    })
    expect(rows[0]?.vms.map((v) => [v.name, v.placed])).toEqual([
      ['siak', false],
      ['arsip', true],
    ])
    expect(rows[1]?.cpus).toEqual({declared: 32, limit: 64, allocated: 8})
    const text = renderCapacity(rows, (_c, s) => s)
    expect(text).toContain('8 of 64 (32 × overcommit)')
    expect(text).toContain('arsip (setda) on hv1: 2 cpus, 8 GiB, 500 GiB  placed by first fit')
  })

  it('a hypervisor without declared resources says so instead of inventing a limit', () => {
    const [row] = hypervisorCapacity(inventory([hv('hv1')], []))
    expect(row).toMatchObject({cpus: null, memoryGiB: null, diskGiB: null, vms: []})
    expect(renderCapacity(row ? [row] : [], (_c, s) => s)).toContain('not declared')
  })
})
