import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {bridgeFor, macFor} from '../../../src/vms/conventions.js'
import {domainView, restartFields, sameView, viewLines} from '../../../src/vms/domain-view.js'
import {renderDomainXml} from '../../../src/vms/domain-xml.js'
import {VM} from './vm-fixture.js'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const fixture = (name: string): string => readFileSync(path.join(ROOT, 'test/fixtures/vms', name), 'utf8')
const lookup = (name: string): string | undefined => readFileSync(path.join(ROOT, 'templates', name), 'utf8')

const SITE = {site: {name: 'testdc', domain: 'kota.example.go.id', timezone: 'UTC', ssh: {user: 'kotadc', port: 22}, admins: []}}

describe('domain XML', () => {
  it('renders the kvm definition with its first-boot seed exactly as the golden file', () => {
    expect(renderDomainXml(SITE, VM, {virtType: 'kvm', withSeed: true}, lookup)).toBe(fixture('domain-kvm-seed.xml'))
  })

  it('renders the TCG definition (no host CPU passthrough) with an empty cdrom once the seed is gone', () => {
    expect(renderDomainXml(SITE, VM, {virtType: 'qemu', withSeed: false}, lookup)).toBe(fixture('domain-qemu.xml'))
  })

  it("reads libvirt's own dumpxml of the rendered definition as the same view: its additions are not differences", () => {
    const rendered = domainView(renderDomainXml(SITE, VM, {virtType: 'kvm', withSeed: true}, lookup))
    const live = domainView(fixture('libvirt-dumpxml-kvm.xml'))
    expect(live).toBeDefined()
    expect(sameView(live!, rendered!)).toBe(true)
    // The seed is a medium, not the drive: the definition after the seed is deleted is no change.
    expect(sameView(live!, domainView(renderDomainXml(SITE, VM, {virtType: 'kvm', withSeed: false}, lookup))!)).toBe(true)
  })

  it('sees a virsh edit (memory, a second NIC) as a difference, and memory and vcpus as needing a restart', () => {
    const edited = fixture('libvirt-dumpxml-kvm.xml')
      .replace("<memory unit='KiB'>1572864</memory>", "<memory unit='GiB'>4</memory>")
      .replace(
        "<interface type='bridge'>",
        "<interface type='network'><mac address='52:54:00:aa:bb:cc'/><source network='default'/><model type='e1000'/></interface><interface type='bridge'>",
      )
    const have = domainView(edited)!
    const want = domainView(renderDomainXml(SITE, VM, {virtType: 'kvm', withSeed: false}, lookup))!
    expect(sameView(have, want)).toBe(false)
    expect(viewLines(have)).toContain('interface 52:54:00:aa:bb:cc: network default (e1000)')
    expect(viewLines(have)).toContain('memory: 4096 MiB')
    expect(restartFields(have, want)).toEqual(['memory 4096 → 1536 MiB'])
  })

  it('names the owner from kotadc metadata and nothing for a domain made by hand', () => {
    expect(domainView(fixture('libvirt-dumpxml-kvm.xml'))?.owner).toBe('testdc/disdik')
    expect(domainView("<domain type='kvm'><name>hand</name><memory>1024</memory><vcpu>1</vcpu></domain>")?.owner).toBeUndefined()
    expect(domainView('<domain><name>x</name>')).toBeUndefined()
    expect(domainView('<network><name>x</name></network>')).toBeUndefined()
  })

  it('gives each VM a stable MAC and each network a bridge name Linux accepts', () => {
    expect(macFor('testdc', 'vmtest1')).toBe(macFor('testdc', 'vmtest1'))
    expect(macFor('testdc', 'vmtest1')).not.toBe(macFor('testdc', 'vmtest2'))
    expect(macFor('testdc', 'vmtest1')).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/)
    expect(bridgeFor('services')).toBe('br-services')
    const long = [bridgeFor('services-internal-a'), bridgeFor('services-internal-b')]
    expect(long.every((b) => b.length <= 15)).toBe(true)
    expect(long[0]).not.toBe(long[1])
  })
})
