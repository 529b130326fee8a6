import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'
import type {Host, Inventory, VmWorkload} from '../../../src/inventory/model.js'
import {LAB_CAPABILITIES, LAB_VM_SIZE, knownHostsLine, labOverlay, planLab, renderLabOverlay, type LabLayout} from '../../../src/lab/plan.js'

const at = {file: 'inventory/hosts.yaml', line: 1, col: 1}

const host = (name: string, address: string, network: string, extra: Partial<Host> = {}): Host => ({
  name,
  address,
  network,
  roles: [],
  vars: {},
  at,
  ...extra,
})

const vm = (name: string, address: string, network: string): VmWorkload => ({
  kind: 'vm',
  name,
  agency: 'dinkes',
  cpus: 1,
  memoryGiB: 1,
  diskGiB: 10,
  image: 'debian-12',
  network,
  address,
  at,
})

const inventory = (over: Partial<Inventory> = {}): Inventory => ({
  schemaVersion: 1,
  root: '/srv/repo/inventory',
  site: {name: 'dc1', domain: 'example.go.id', timezone: 'Asia/Makassar', ssh: {user: 'ops', port: 2222, identityFile: '~/.ssh/x'}, admins: []},
  networks: [
    {name: 'mgmt', cidr: '10.10.0.0/24', gateway: '10.10.0.1', at},
    {name: 'services', cidr: '10.20.0.0/22', gateway: '10.20.0.1', at},
  ],
  terraform: {binary: 'terraform', backend: {type: 'local'}},
  backupPolicies: [],
  images: [],
  hosts: [host('hv1', '10.10.0.11', 'mgmt'), host('web1', '10.20.0.30', 'services'), host('db1', '10.10.0.12', 'mgmt')],
  agencies: [],
  workloads: [vm('arsip', '10.20.0.50', 'services')],
  ...over,
})

const facts = (layout: LabLayout) => ({
  identityFile: '/srv/repo/.kotadc/lab/dc1/id_ed25519',
  knownHosts: '/srv/repo/.kotadc/lab/dc1/known_hosts',
  hostKeys: Object.fromEntries(layout.hosts.map((h) => [h.name, `SHA256:key-of-${h.name}`])),
})

describe('planLab', () => {
  it('runs hypervisors privileged with an uplink on each other network their VMs join, at a free offset', () => {
    const inv = inventory({
      hosts: [host('hv1', '10.10.0.11', 'mgmt', {roles: ['hypervisor']}), host('web1', '10.20.0.2', 'services'), host('db1', '10.10.0.12', 'mgmt')],
      workloads: [
        {...vm('arsip', '10.20.0.50', 'services'), hypervisor: 'hv1'},
        {...vm('mon', '10.10.0.60', 'mgmt'), hypervisor: 'hv1'},
      ],
    })
    const [hv1, web1] = planLab(inv).hosts
    expect(hv1).toMatchObject({name: 'hv1', hypervisor: true, address: '172.30.0.11'})
    // mgmt is hv1's own network, so only services needs an uplink; .2 is web1's, so the uplink takes .3.
    expect(hv1?.uplinks).toEqual([{network: 'services', dockerNetwork: 'kotadc-lab-dc1-services', address: '172.30.1.3'}])
    expect(web1).toMatchObject({hypervisor: false, uplinks: [], address: '172.30.1.2'})
    expect(planLab(inv).vms.map((v) => v.address)).toEqual(['172.30.0.60', '172.30.1.50'])
  })

  it('gives network i the subnet 172.30.i.0/24 with the docker gateway at .1', () => {
    const layout = planLab(inventory())
    expect(layout.networks.map((n) => [n.name, n.dockerName, n.subnet, n.gateway])).toEqual([
      ['mgmt', 'kotadc-lab-dc1-mgmt', '172.30.0.0/24', '172.30.0.1'],
      ['services', 'kotadc-lab-dc1-services', '172.30.1.0/24', '172.30.1.1'],
    ])
  })

  it('keeps each host offset inside its network, in inventory order, on port 22', () => {
    const layout = planLab(inventory())
    expect(layout.hosts.map((h) => [h.name, h.container, h.dockerNetwork, h.address, h.port])).toEqual([
      ['hv1', 'kotadc-lab-dc1-hv1', 'kotadc-lab-dc1-mgmt', '172.30.0.11', 22],
      ['web1', 'kotadc-lab-dc1-web1', 'kotadc-lab-dc1-services', '172.30.1.30', 22],
      ['db1', 'kotadc-lab-dc1-db1', 'kotadc-lab-dc1-mgmt', '172.30.0.12', 22],
    ])
  })

  it('labels containers and networks with the site so lab down finds exactly its own', () => {
    const layout = planLab(inventory())
    expect(layout.hosts[0]?.labels).toEqual({'kotadc.lab': 'dc1', 'kotadc.lab.host': 'hv1'})
    expect(layout.networks[1]?.labels).toEqual({'kotadc.lab': 'dc1', 'kotadc.lab.network': 'services'})
  })

  it('moves VM workload addresses into the lab subnet of their network', () => {
    expect(planLab(inventory()).vms).toEqual([{name: 'arsip', network: 'services', address: '172.30.1.50'}])
  })

  it('reassigns offsets that do not fit a /24 or collide with the docker gateway to the lowest free offset', () => {
    const inv = inventory({
      networks: [{name: 'big', cidr: '10.20.0.0/22', gateway: '10.20.3.254', at}],
      hosts: [host('a', '10.20.0.1', 'big'), host('b', '10.20.0.2', 'big'), host('c', '10.20.3.7', 'big'), host('d', '10.20.0.4', 'big')],
      workloads: [vm('v', '10.20.2.9', 'big')],
    })
    const layout = planLab(inv)
    expect(layout.hosts.map((h) => [h.name, h.address])).toEqual([
      ['a', '172.30.0.3'],
      ['b', '172.30.0.2'],
      ['c', '172.30.0.5'],
      ['d', '172.30.0.4'],
    ])
    expect(layout.vms).toEqual([{name: 'v', network: 'big', address: '172.30.0.6'}])
  })

  it('is deterministic and honours another /16 pool', () => {
    expect(planLab(inventory(), {pool: '10.99.0.0/16'})).toEqual(planLab(inventory(), {pool: '10.99.0.0/16'}))
    expect(planLab(inventory(), {pool: '10.99.0.0/16'}).hosts[1]?.address).toBe('10.99.1.30')
  })

  it('rejects a pool that is not a /16 with a fix', () => {
    for (const pool of ['172.30.0.0/24', '172.30.1.0/16', 'lab', '300.1.0.0/16']) {
      expect(() => planLab(inventory(), {pool})).toThrow(expect.objectContaining({code: 'LAB_POOL_INVALID', hint: expect.stringContaining('--pool')}))
    }
  })

  it('refuses a network with more members than a /24 holds', () => {
    const hosts = Array.from({length: 254}, (_, i) => host(`h${i}`, `10.20.${Math.floor(i / 200)}.${(i % 200) + 2}`, 'services'))
    expect(() => planLab(inventory({hosts, workloads: []}))).toThrow(expect.objectContaining({code: 'LAB_NETWORK_FULL'}))
  })

  it('lists the docker volume data directories of the containers placed on each host, which lab up stands in for', () => {
    const container = (name: string, h: string, volumes: string[]) => ({
      kind: 'container' as const,
      name,
      agency: 'dinkes',
      host: h,
      image: 'registry.internal/x:1',
      env: {},
      secrets: [],
      volumes: volumes.map((v) => ({name: v, path: `/app/${v}`})),
      at,
    })
    const layout = planLab(
      inventory({
        workloads: [container('simpus', 'web1', ['uploads', 'logs']), container('portal', 'web1', []), container('ppdb', 'db1', ['berkas'])],
      }),
    )
    expect(Object.fromEntries(layout.hosts.map((h) => [h.name, h.volumeDirs]))).toEqual({
      hv1: [],
      web1: ['/var/lib/docker/volumes/simpus-uploads/_data', '/var/lib/docker/volumes/simpus-logs/_data'],
      db1: ['/var/lib/docker/volumes/ppdb-berkas/_data'],
    })
  })

  it('asks docker for NET_ADMIN so nftables works in the containers later', () => {
    expect(LAB_CAPABILITIES).toContain('NET_ADMIN')
  })
})

describe('labOverlay', () => {
  it('stands the lab guest image in for every declared image, and gives VMs lab size', () => {
    const img = (name: string) => ({name, file: `${name}.qcow2`, sha256: 'a'.repeat(64), source: `/srv/${name}.qcow2`, format: 'qcow2' as const, at})
    const inv = inventory({images: [img('debian-12'), img('rocky-9')]})
    const guestImage = {
      file: 'kotadc-guest-bookworm-0123.qcow2',
      source: '/var/cache/kotadc-lab/kotadc-guest-bookworm-0123.qcow2',
      sha256: 'b'.repeat(64),
    }
    const overlay = labOverlay(inv, planLab(inv), {...facts(planLab(inv)), guestImage})
    expect(overlay.images).toEqual(
      ['debian-12', 'rocky-9'].map((name) => ({name, ...guestImage, file: `${name}-${guestImage.file}`, format: 'qcow2'})),
    )
    expect(overlay.workloads).toEqual([{name: 'arsip', address: '172.30.1.50', cpus: 1, memoryGiB: 0.5, diskGiB: 4}])
  })

  it('rewrites site ssh, networks, host addresses with pinned keys, and VM addresses, and fences itself to the lab subnets', () => {
    const inv = inventory()
    const layout = planLab(inv)
    expect(labOverlay(inv, layout, facts(layout))).toEqual({
      site: {
        name: 'dc1',
        ssh: {user: 'kotadc', port: 22, identityFile: '/srv/repo/.kotadc/lab/dc1/id_ed25519', knownHosts: '/srv/repo/.kotadc/lab/dc1/known_hosts'},
      },
      allowedNetworks: ['172.30.0.0/24', '172.30.1.0/24'],
      networks: [
        {name: 'mgmt', cidr: '172.30.0.0/24', gateway: '172.30.0.1'},
        {name: 'services', cidr: '172.30.1.0/24', gateway: '172.30.1.1'},
      ],
      hosts: [
        {name: 'hv1', address: '172.30.0.11', hostKey: 'SHA256:key-of-hv1'},
        {name: 'web1', address: '172.30.1.30', hostKey: 'SHA256:key-of-web1'},
        {name: 'db1', address: '172.30.0.12', hostKey: 'SHA256:key-of-db1'},
      ],
      workloads: [{name: 'arsip', address: '172.30.1.50', ...LAB_VM_SIZE}],
    })
  })

  it('overrides exactly the per-host ssh keys the inventory sets, so they do not win over the lab after merging', () => {
    const inv = inventory({hosts: [host('hv1', '10.10.0.11', 'mgmt', {ssh: {port: 2200, user: 'root', jumpHost: 'bastion'}})], workloads: []})
    const layout = planLab(inv)
    expect(labOverlay(inv, layout, facts(layout)).hosts[0]?.ssh).toEqual({user: 'kotadc', port: 22})
  })

  it('tells the docker-host playbook not to start dockerd on docker hosts, which a lab container cannot run; other hosts keep their vars', () => {
    const inv = inventory({
      hosts: [host('dock1', '10.10.0.21', 'mgmt', {roles: ['docker'], vars: {rack: 'A2'}}), host('hv1', '10.10.0.11', 'mgmt')],
      workloads: [],
    })
    const layout = planLab(inv)
    expect(labOverlay(inv, layout, facts(layout)).hosts.map((h) => [h.name, h.vars])).toEqual([
      ['dock1', {dockerService: false}],
      ['hv1', undefined],
    ])
  })

  it('leaves out workloads when the inventory has no VMs', () => {
    const inv = inventory({workloads: []})
    const layout = planLab(inv)
    expect(labOverlay(inv, layout, facts(layout))).not.toHaveProperty('workloads')
  })

  it('renders YAML that parses back to the same document under a header naming lab up and lab down', () => {
    const inv = inventory()
    const layout = planLab(inv)
    const overlay = labOverlay(inv, layout, facts(layout))
    const text = renderLabOverlay('dc1', overlay)
    expect(text.split('\n')[0]).toMatch(/^# Written by `kotadc lab up` for site dc1/)
    expect(text).toContain('`kotadc lab down` removes this file')
    expect(parse(text)).toEqual(overlay)
  })
})

describe('knownHostsLine', () => {
  it('writes port 22 bare and other ports bracketed, dropping the key comment', () => {
    expect(knownHostsLine('172.30.0.11', 22, 'ssh-ed25519 AAAAC3Nz root@hv1\n')).toBe('172.30.0.11 ssh-ed25519 AAAAC3Nz')
    expect(knownHostsLine('127.0.0.1', 2222, 'ssh-ed25519 AAAAC3Nz')).toBe('[127.0.0.1]:2222 ssh-ed25519 AAAAC3Nz')
  })
})
