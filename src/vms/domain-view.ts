import {KOTADC_XMLNS} from './conventions.js'
import {at, childrenOf, parseXml, type XmlElement} from './xml.js'

/**
 * What kotadc manages of a domain, read from XML: the rendered definition and libvirt's `dumpxml` reduce to the
 * same view, so libvirt's own additions (uuid, PCI addresses, controllers, the emulator path) never count as a
 * difference, while anything kotadc wrote and someone changed (`virsh edit`) does.
 */
export interface DomainView {
  name: string
  virtType: string
  memoryKiB: number
  cpus: number
  /** `site/agency` from kotadc's metadata; undefined when the domain is not kotadc's. */
  owner?: string
  /** One line per managed device, sorted: disks, interfaces, serial console. */
  devices: string[]
}

const UNIT_KIB: Record<string, number> = {
  b: 1 / 1024,
  bytes: 1 / 1024,
  kb: 1000 / 1024,
  k: 1,
  kib: 1,
  mb: 1e6 / 1024,
  m: 1024,
  mib: 1024,
  gb: 1e9 / 1024,
  g: 1024 ** 2,
  gib: 1024 ** 2,
}

const kib = (el: XmlElement | undefined): number =>
  Math.round(Number(el?.text.trim() ?? 0) * (UNIT_KIB[(el?.attrs.unit ?? 'KiB').toLowerCase()] ?? 1))

function diskLine(d: XmlElement): string {
  const device = d.attrs.device ?? 'disk'
  const target = at(d, 'target')?.attrs.dev ?? '?'
  const src = at(d, 'source')?.attrs ?? {}
  const format = at(d, 'driver')?.attrs.type ?? '?'
  // A cdrom's medium is the seed until first boot and nothing after; the drive is managed, its medium is not.
  if (device === 'cdrom') return `cdrom ${target}`
  const from = src.pool ? `volume ${src.pool}/${src.volume ?? '?'}` : `file ${src.file ?? src.dev ?? '?'}`
  return `disk ${target}: ${from} (${format})`
}

function interfaceLine(i: XmlElement): string {
  const src = at(i, 'source')?.attrs ?? {}
  const link = src.bridge ? `bridge ${src.bridge}` : src.network ? `network ${src.network}` : (i.attrs.type ?? '?')
  return `interface ${at(i, 'mac')?.attrs.address ?? '?'}: ${link} (${at(i, 'model')?.attrs.type ?? '?'})`
}

function ownerOf(dom: XmlElement): string | undefined {
  const meta = at(dom, 'metadata')
  const mine = meta?.children.find((c) => Object.entries(c.attrs).some(([k, v]) => k.startsWith('xmlns') && v === KOTADC_XMLNS))
  return mine ? `${mine.attrs.site ?? '?'}/${mine.attrs.agency ?? '?'}` : undefined
}

/** The managed view of a domain document, or undefined when the text is not a domain. */
export function domainView(xml: string): DomainView | undefined {
  const dom = parseXml(xml)
  if (!dom || dom.name !== 'domain') return undefined
  const devs = at(dom, 'devices')
  const devices = [
    ...childrenOf(devs, 'disk').map(diskLine),
    ...childrenOf(devs, 'interface').map(interfaceLine),
    ...(childrenOf(devs, 'serial').some((s) => s.attrs.type === 'pty') ? ['serial console: pty'] : []),
  ].sort()
  const owner = ownerOf(dom)
  return {
    name: at(dom, 'name')?.text.trim() ?? '',
    virtType: dom.attrs.type ?? '',
    memoryKiB: kib(at(dom, 'memory')),
    cpus: Number(at(dom, 'vcpu')?.text.trim() ?? 0),
    ...(owner ? {owner} : {}),
    devices,
  }
}

/** The view as lines, what `--diff` compares and shows. */
export const viewLines = (v: DomainView): string[] => [
  `domain ${v.name} (${v.virtType})`,
  `owner: ${v.owner ?? '(not kotadc)'}`,
  `memory: ${v.memoryKiB / 1024} MiB`,
  `vcpus: ${v.cpus}`,
  ...v.devices,
]

/** Differences that take effect only when the guest restarts (libvirt keeps them in the persistent definition). */
export const restartFields = (a: DomainView, b: DomainView): string[] => [
  ...(a.memoryKiB === b.memoryKiB ? [] : [`memory ${a.memoryKiB / 1024} → ${b.memoryKiB / 1024} MiB`]),
  ...(a.cpus === b.cpus ? [] : [`vcpus ${a.cpus} → ${b.cpus}`]),
]

export const sameView = (a: DomainView, b: DomainView): boolean => viewLines(a).join('\n') === viewLines(b).join('\n')
