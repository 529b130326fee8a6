import type {VirtType} from './domain-xml.js'

/**
 * What libvirt holds on one hypervisor, parsed from one gathering run (services/vms/gather.ts prints it): the virt
 * type QEMU can use, the kotadc pool's volumes with exact sizes, the recorded image sums and every domain with its
 * persistent and running definitions.
 */
export interface LiveDomain {
  uuid: string
  name: string
  /** virsh's words: `running`, `shut off`, `paused`, ... */
  state: string
  autostart: boolean
  /** The definition libvirt boots next time (`dumpxml --inactive`). */
  inactiveXml: string
  /** The running definition (equal to the inactive one when shut off). */
  liveXml: string
}

export interface LiveVolume {
  name: string
  capacityBytes: number
}

export interface HypervisorState {
  virtType: VirtType
  pool: boolean
  volumes: Map<string, LiveVolume>
  /** Image file → sha256 recorded after it was verified on this hypervisor. */
  sums: Map<string, string>
  domains: LiveDomain[]
}

export const isRunning = (d: Pick<LiveDomain, 'state'>): boolean => d.state === 'running' || d.state === 'paused' || d.state === 'in shutdown'

const field = (lines: readonly string[], key: string): string | undefined => {
  const l = lines.find((x) => x.startsWith(`${key}:`))
  return l?.slice(key.length + 1).trim()
}

/** Parses the gathering script's output (sections opened by `@@` lines). */
export function parseHypervisorState(out: string): HypervisorState {
  const state: HypervisorState = {virtType: 'qemu', pool: false, volumes: new Map(), sums: new Map(), domains: []}
  type Section = {head: string[]; body: string[]}
  const sections: Section[] = []
  for (const line of out.split('\n')) {
    if (line.startsWith('@@')) sections.push({head: line.slice(2).trim().split(/\s+/), body: []})
    else sections.at(-1)?.body.push(line)
  }
  let dom: LiveDomain | undefined
  for (const {head, body} of sections) {
    const [kind, arg = '', arg2 = ''] = head
    const text = body.join('\n').trim()
    if (kind === 'virt') state.virtType = text === 'kvm' ? 'kvm' : 'qemu'
    else if (kind === 'pool') state.pool = arg === 'present'
    else if (kind === 'vol') state.volumes.set(arg, {name: arg, capacityBytes: Number((field(body, 'Capacity') ?? '0').split(' ')[0])})
    else if (kind === 'sum' && /^[0-9a-f]{64}$/.test(arg2)) state.sums.set(arg, arg2)
    else if (kind === 'domain') {
      dom = {
        uuid: arg,
        name: field(body, 'Name') ?? arg,
        state: field(body, 'State') ?? 'unknown',
        autostart: field(body, 'Autostart') === 'enable',
        inactiveXml: '',
        liveXml: '',
      }
      state.domains.push(dom)
    } else if (kind === 'inactive' && dom) dom.inactiveXml = text
    else if (kind === 'live' && dom) dom.liveXml = text
  }
  return state
}
