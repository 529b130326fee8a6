import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import type {VmImage, VmWorkload} from '../../../src/inventory/model.js'
import {GIB} from '../../../src/vms/conventions.js'
import {renderDomainXml} from '../../../src/vms/domain-xml.js'
import type {HypervisorState, LiveDomain} from '../../../src/vms/live.js'
import {parseHypervisorState} from '../../../src/vms/live.js'
import {describeAction, planHypervisor, type PlanInput} from '../../../src/vms/plan.js'
import {VM} from './vm-fixture.js'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const lookup = (name: string): string | undefined => readFileSync(path.join(ROOT, 'templates', name), 'utf8')
const SITE = {site: {name: 'testdc', domain: 'kota.example.go.id', timezone: 'UTC', ssh: {user: 'kotadc', port: 22}, admins: []}}
const IMAGE: VmImage = {
  name: 'debian-12',
  file: 'debian-12.qcow2',
  sha256: 'a'.repeat(64),
  source: '/srv/images/debian-12.qcow2',
  format: 'qcow2',
  at: {file: 'site.yaml', line: 30, col: 5},
}
const render: PlanInput['render'] = (vm, opts) => renderDomainXml(SITE, vm, opts, lookup)

const state = (over: Partial<HypervisorState> = {}): HypervisorState => ({
  virtType: 'qemu',
  pool: true,
  volumes: new Map(),
  sums: new Map(),
  domains: [],
  ...over,
})
const vols = (...v: [string, number][]) => new Map(v.map(([name, capacityBytes]) => [name, {name, capacityBytes}]))
const defined = (vm: VmWorkload, st: string, over: Partial<LiveDomain> = {}): LiveDomain => {
  const xml = render(vm, {virtType: 'qemu', withSeed: false})
  return {uuid: '7f3e9a10-5b2c-4d8e-9f01-23456789abcd', name: vm.name, state: st, autostart: true, inactiveXml: xml, liveXml: xml, ...over}
}
const plan = (s: HypervisorState, vms: VmWorkload[] = [VM], over: Partial<PlanInput> = {}) =>
  planHypervisor({hypervisor: 'hv1', vms, images: [IMAGE], state: s, render, hasHostKey: () => true, restartVms: false, ...over})
const kinds = (p: ReturnType<typeof plan>) => p.actions.map((a) => a.kind)
const steady = () =>
  state({
    volumes: vols(['debian-12.qcow2', 2 * GIB], ['vmtest1.qcow2', 10 * GIB]),
    sums: new Map([['debian-12.qcow2', 'a'.repeat(64)]]),
    domains: [defined(VM, 'running')],
  })

describe('vms phase plan', () => {
  it('creates a new VM in order: image, host key, disk, seed, define, autostart, start, wait for SSH, remove the seed', () => {
    const p = plan(state(), [VM], {hasHostKey: () => false})
    expect(kinds(p)).toEqual([
      'upload-image',
      'create-host-key',
      'create-disk',
      'create-seed',
      'define',
      'autostart',
      'start',
      'wait-ssh',
      'remove-seed',
    ])
    expect(p.actions.map(describeAction)[2]).toBe('create disk vmtest1.qcow2 (10 GiB, backed by debian-12.qcow2)')
    expect(p.problems).toEqual([])
  })

  it('changes nothing on a VM that is as declared, running and autostarted', () => {
    const p = plan(steady())
    expect(p.actions).toEqual([])
    expect(p.vms).toEqual([{name: 'vmtest1', state: 'running', restartNeeded: []}])
  })

  it('uploads an image once: a copy with the recorded sum is used, one without a record is checked, not uploaded', () => {
    expect(kinds(plan(steady()))).not.toContain('upload-image')
    const unrecorded = steady()
    unrecorded.sums = new Map()
    expect(kinds(plan(unrecorded))).toEqual(['verify-image'])
  })

  it('refuses a pool copy of the image with another sum, naming both sums and the images: line', () => {
    const s = steady()
    s.sums = new Map([['debian-12.qcow2', 'b'.repeat(64)]])
    const p = plan(s)
    expect(p.actions).toEqual([])
    expect(p.problems.map((e) => [e.code, e.location?.line])).toEqual([['VM_IMAGE_MISMATCH', 30]])
    expect(p.problems[0]?.message).toContain('b'.repeat(64))
  })

  it('grows a disk when diskGiB grows and refuses to shrink one, leaving that VM alone', () => {
    expect(plan(steady(), [{...VM, diskGiB: 12}]).actions.map(describeAction)).toEqual(['grow disk vmtest1.qcow2 10 GiB → 12 GiB'])
    const p = plan(steady(), [{...VM, diskGiB: 8}])
    expect(p.actions).toEqual([])
    expect(p.problems.map((e) => [e.code, e.location?.file, e.location?.line])).toEqual([['VM_DISK_SHRINK', 'agencies/disdik.yaml', 5]])
    expect(p.problems[0]?.hint).toContain('at least 10')
  })

  it('a memory raise redefines the VM and reports restart needed; --restart-vms restarts it and waits for SSH', () => {
    const bigger = {...VM, memoryGiB: 2}
    const p = plan(steady(), [bigger])
    expect(kinds(p)).toEqual(['define'])
    // libvirt refuses a definition of an existing name under another (or no) uuid
    expect(p.actions.find((a) => a.kind === 'define')).toMatchObject({
      xml: expect.stringContaining('<uuid>7f3e9a10-5b2c-4d8e-9f01-23456789abcd</uuid>'),
    })
    expect(p.vms[0]?.restartNeeded).toEqual(['memory 1536 → 2048 MiB'])
    const r = plan(steady(), [bigger], {restartVms: true})
    expect(kinds(r)).toEqual(['define', 'restart', 'wait-ssh'])
    expect(r.vms[0]?.restartNeeded).toEqual([])
  })

  it('keeps reporting restart needed after the definition was updated, until the guest restarts', () => {
    const s = steady()
    const bigger = {...VM, memoryGiB: 2}
    s.domains = [defined(VM, 'running', {inactiveXml: render(bigger, {virtType: 'qemu', withSeed: false})})]
    const p = plan(s, [bigger])
    expect(p.actions).toEqual([])
    expect(p.vms[0]?.restartNeeded).toEqual(['memory 1536 → 2048 MiB'])
  })

  it('starts a shut-off VM and turns autostart back on', () => {
    const s = steady()
    s.domains = [defined(VM, 'shut off', {autostart: false})]
    expect(kinds(plan(s))).toEqual(['autostart', 'start', 'wait-ssh'])
  })

  it('reports domains the inventory does not declare here as orphans, kotadc-made or not, and plans nothing for them', () => {
    const s = steady()
    const gone = {...VM, name: 'oldvm', agency: 'dinkes'}
    s.domains.push(defined(gone, 'running'), {
      uuid: 'x',
      name: 'handmade',
      state: 'shut off',
      autostart: false,
      inactiveXml: "<domain type='kvm'><name>handmade</name></domain>",
      liveXml: '',
    })
    const p = plan(s)
    expect(p.orphans).toEqual([
      {name: 'oldvm', state: 'running', owner: 'testdc/dinkes'},
      {name: 'handmade', state: 'shut off'},
    ])
    expect(p.actions).toEqual([])
  })

  it('a VM whose host key was lost is refused: kotadc could not pin it', () => {
    const p = plan(steady(), [VM], {hasHostKey: () => false})
    expect(p.problems.map((e) => e.code)).toEqual(['VM_HOST_KEY_MISSING'])
  })

  it('needs the pool the hypervisor playbook creates', () => {
    expect(plan(state({pool: false})).problems.map((e) => e.code)).toEqual(['VM_POOL_MISSING'])
  })
})

describe('hypervisor state', () => {
  it('parses the gathering output: virt type, volumes in bytes, sums, domains with both definitions', () => {
    const s = parseHypervisorState(
      [
        '@@virt',
        'kvm',
        '@@pool present',
        '@@vol vm1.qcow2',
        'Name:           vm1.qcow2',
        'Capacity:       10737418240 bytes',
        '@@sum debian-12.qcow2 ' + 'c'.repeat(64),
        '@@domain 1234-abcd',
        'Name:           vm1',
        'State:          shut off',
        'Autostart:      enable',
        '@@inactive',
        "<domain type='kvm'><name>vm1</name></domain>",
        '@@live',
        "<domain type='kvm'><name>vm1</name></domain>",
      ].join('\n'),
    )
    expect(s.virtType).toBe('kvm')
    expect(s.pool).toBe(true)
    expect(s.volumes.get('vm1.qcow2')?.capacityBytes).toBe(10 * GIB)
    expect(s.sums.get('debian-12.qcow2')).toBe('c'.repeat(64))
    expect(s.domains).toEqual([
      {
        uuid: '1234-abcd',
        name: 'vm1',
        state: 'shut off',
        autostart: true,
        inactiveXml: "<domain type='kvm'><name>vm1</name></domain>",
        liveXml: "<domain type='kvm'><name>vm1</name></domain>",
      },
    ])
  })
})
