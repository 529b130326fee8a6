import {describe, expect, it} from 'vitest'
import type {Host, Inventory} from '../../../src/inventory/model.js'
import {
  backupPolicy,
  checkPort,
  defaultDomain,
  freeAddress,
  placeContainer,
  placeDatabase,
  placeVm,
  vmNetwork,
} from '../../../src/onboard/allocate.js'
import {occupancyOf, reserveContainer} from '../../../src/onboard/occupancy.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const at = {file: 'inventory/hosts.yaml', line: 30, col: 5}
const docker = (name: string, address: string): Host => ({name, address, network: 'mgmt', roles: ['docker'], vars: {}, at})
const withHosts = (inv: Inventory, ...hosts: Host[]): Inventory => ({...inv, hosts: [...inv.hosts, ...hosts]})
const code = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    return `${(e as {code: string}).code}: ${(e as Error).message}`
  }
  return 'no error'
}

describe('placing a container', () => {
  it('takes the docker host with the fewest containers and the lowest free port there', () => {
    const inv = withHosts(smallInventory(), docker('docker2', '10.10.0.22'))
    expect(placeContainer(inv, occupancyOf(inv), {})).toEqual({host: 'docker2', port: 8000})
  })

  it('skips the ports already published on the host', () => {
    const inv = smallInventory()
    const occ = occupancyOf(inv)
    reserveContainer(occ, 'docker1', 8000)
    reserveContainer(occ, 'docker1', 8001)
    expect(placeContainer(inv, occ, {host: 'docker1'})).toEqual({host: 'docker1', port: 8002})
  })

  it('a full host (every port of the range taken) is refused with ONBOARD_HOST_FULL when named', () => {
    const inv = smallInventory()
    const occ = occupancyOf(inv)
    reserveContainer(occ, 'docker1', 8000)
    reserveContainer(occ, 'docker1', 8001)
    expect(code(() => placeContainer(inv, occ, {host: 'docker1'}, {from: 8000, to: 8001}))).toBe(
      'ONBOARD_HOST_FULL: host docker1 has no room: every published port from 8000 to 8001 is taken',
    )
  })

  it('a full host is passed over for one with room; when all are full, ONBOARD_NO_ROOM says why for each', () => {
    const inv = withHosts(smallInventory(), docker('docker2', '10.10.0.22'))
    const occ = occupancyOf(inv)
    reserveContainer(occ, 'docker2', 8000)
    expect(placeContainer(inv, occ, {}, {from: 8000, to: 8000})).toEqual({host: 'docker1', port: 8000})
    reserveContainer(occ, 'docker1', 8000)
    expect(code(() => placeContainer(inv, occ, {}, {from: 8000, to: 8000}))).toBe(
      'ONBOARD_NO_ROOM: no host with role docker has room for the workload: docker1: ports 8000-8000 all taken; docker2: ports 8000-8000 all taken',
    )
  })

  it('a host that does not exist or lacks the role is refused with a did-you-mean', () => {
    const inv = smallInventory()
    expect(code(() => placeContainer(inv, occupancyOf(inv), {host: 'docker9'}))).toBe(
      'ONBOARD_VALUE_INVALID: host "docker9" cannot be used: there is no such host; did you mean docker1?',
    )
    expect(code(() => placeContainer(inv, occupancyOf(inv), {host: 'db1'}))).toMatch(/it does not have role docker/)
  })

  it('a port given must be free on the host', () => {
    const inv = smallInventory()
    expect(code(() => checkPort(occupancyOf(inv), 'docker1', 8081))).toBe(
      'ONBOARD_VALUE_INVALID: port "8081" cannot be used: another container on docker1 already publishes it',
    )
    expect(checkPort(occupancyOf(inv), 'docker1', 8082)).toBe(8082)
    expect(code(() => checkPort(occupancyOf(inv), 'docker1', 70000))).toMatch(/from 1 to 65535/)
  })
})

describe('placing a VM', () => {
  const twoHypervisors = (): Inventory => {
    const inv = smallInventory()
    const hv2: Host = {
      name: 'hv2',
      address: '10.10.0.12',
      network: 'mgmt',
      roles: ['hypervisor'],
      resources: {cpus: 8, memoryGiB: 16, diskGiB: 200},
      vars: {},
      at,
    }
    return withHosts(inv, hv2)
  }

  it('takes the hypervisor with the most memory left where the VM fits', () => {
    const inv = twoHypervisors()
    expect(placeVm(inv, occupancyOf(inv), [2, 4, 40])).toBe('hv1')
    // hv1 has 64 - 4 = 60 GiB left (its VM placed by validation counts only with a hypervisor), hv2 16: 32 fits hv1 only.
    expect(placeVm(inv, occupancyOf(inv), [2, 32, 40])).toBe('hv1')
  })

  it('a full hypervisor is refused when named; with none big enough, ONBOARD_NO_ROOM lists what each has left', () => {
    const inv = twoHypervisors()
    expect(code(() => placeVm(inv, occupancyOf(inv), [4, 32, 40], 'hv2'))).toBe(
      'ONBOARD_HOST_FULL: host hv2 has no room: a VM of 4 cpus, 32 GiB memory, 40 GiB disk does not fit in what is left (8 cpus, 16 GiB memory, 200 GiB disk)',
    )
    expect(code(() => placeVm(inv, occupancyOf(inv), [4, 100, 40]))).toBe(
      'ONBOARD_NO_ROOM: no host with role hypervisor has room for the workload: a VM of 4 cpus, 100 GiB memory, 40 GiB disk fits on none: hv1 has 14 cpus, 60 GiB memory, 950 GiB disk left; hv2 has 8 cpus, 16 GiB memory, 200 GiB disk left',
    )
  })

  it('overcommit ratios raise what a hypervisor may promise', () => {
    const inv = smallInventory()
    const hv1 = inv.hosts[0] as Host
    hv1.overcommit = {cpu: 2}
    expect(placeVm(inv, occupancyOf(inv), [30, 1, 1], 'hv1')).toBe('hv1')
  })
})

describe('addresses and networks', () => {
  it('the network most VMs use is the default; a given one must exist', () => {
    const inv = smallInventory()
    expect(vmNetwork(inv)).toBe('services')
    expect(code(() => vmNetwork(inv, 'servics'))).toBe('ONBOARD_VALUE_INVALID: network "servics" cannot be used: did you mean services?')
  })

  it('the lowest free address skips the network, gateway and every address a host or VM uses', () => {
    const inv = smallInventory()
    expect(freeAddress(inv, occupancyOf(inv), 'services')).toBe('10.20.0.2')
    expect(freeAddress(inv, occupancyOf(inv), 'mgmt')).toBe('10.10.0.2')
  })

  it('an address given must be inside the network and free', () => {
    const inv = smallInventory()
    const occ = occupancyOf(inv)
    expect(code(() => freeAddress(inv, occ, 'services', '10.20.0.50'))).toMatch(/it is taken/)
    expect(code(() => freeAddress(inv, occ, 'services', '10.30.0.5'))).toMatch(/outside network services \(10.20.0.0\/22\)/)
    expect(code(() => freeAddress(inv, occ, 'services', '10.20.0.300'))).toMatch(/not an IPv4 address/)
    expect(freeAddress(inv, occ, 'services', '10.20.3.254')).toBe('10.20.3.254')
  })

  it('a full network is ONBOARD_NETWORK_FULL at the network definition', () => {
    const inv = smallInventory()
    inv.networks.push({name: 'tiny', cidr: '10.40.0.0/30', gateway: '10.40.0.1', at: {file: 'inventory/site.yaml', line: 18, col: 5}})
    const occ = occupancyOf(inv)
    expect(freeAddress(inv, occ, 'tiny')).toBe('10.40.0.2')
    occ.addresses.add((10 << 24) + (40 << 16) + 2)
    let err: {code?: string; message?: string; location?: unknown} = {}
    try {
      freeAddress(inv, occ, 'tiny')
    } catch (e) {
      err = e as typeof err
    }
    expect(err).toMatchObject({
      code: 'ONBOARD_NETWORK_FULL',
      message: 'network tiny (10.40.0.0/30) has no free address left',
      location: {file: 'inventory/site.yaml', line: 18},
    })
  })
})

describe('other defaults', () => {
  it('database host, domain and backup policy', () => {
    const inv = smallInventory()
    expect(placeDatabase(inv, occupancyOf(inv))).toBe('db1')
    expect(defaultDomain(inv, 'wisata')).toBe('wisata.kota.example')
    expect(backupPolicy(inv)).toBe('standard')
    expect(backupPolicy({...inv, backupPolicies: []})).toBeUndefined()
    expect(code(() => backupPolicy(inv, 'gold'))).toMatch(/ONBOARD_VALUE_INVALID: backup policy "gold" cannot be used/)
  })
})
