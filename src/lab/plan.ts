import {stringify} from 'yaml'
import {labPlanError} from '../errors/lab.js'
import type {Host, Inventory, Network} from '../inventory/model.js'
import {dockerVolumeData} from '../backup/conventions.js'
import {workloadVolumeName} from '../../stacks/docker-naming.js'

/**
 * The local lab: every inventory host as a Debian container on a local docker engine.
 * This module is the pure half: inventory → lab layout (docker networks, containers, static addresses) → overlay.
 *
 * Addressing, deterministic and documented for users:
 * - inventory network number i (in inventory order) gets the lab subnet `<pool a.b>.<i>.0/24`, gateway `.1`
 *   (the docker bridge); the default pool is 172.30.0.0/16, so at most 256 networks;
 * - a host or VM keeps its offset inside its network when that offset fits a /24 host address (2..254):
 *   10.10.0.11 in 10.10.0.0/24 becomes 172.30.0.11; anything else (a /22 offset above 254, or offset 1, which the
 *   docker gateway takes) gets the lowest free offset from 2 up, in inventory order (hosts first, then VMs).
 */

export const LAB_LABEL = 'kotadc.lab'
export const LAB_HOST_LABEL = 'kotadc.lab.host'
export const LAB_NETWORK_LABEL = 'kotadc.lab.network'
export const LAB_DEFAULT_POOL = '172.30.0.0/16'
export const LAB_SSH_USER = 'kotadc'
export const LAB_SSH_PORT = 22
/** Later issues run nftables in these containers; nothing else beyond docker's default capabilities. */
export const LAB_CAPABILITIES: readonly string[] = ['NET_ADMIN']
/**
 * Lab hypervisors: what libvirtd and QEMU need (bridges and taps, mounts, priorities, inspecting QEMU), not
 * `--privileged`, which asks for every capability and fails where the engine itself lacks one (as on microVM
 * build machines). The tap device always; /dev/kvm only where a guest kernel really boots under it.
 */
export const LAB_HYPERVISOR = {
  capabilities: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_NICE', 'SYS_PTRACE', 'IPC_LOCK'],
  devices: ['/dev/net/tun'],
  kvmDevice: '/dev/kvm',
  // QEMU's syscalls vary with the accelerator and devices: docker's default filter is not written for them.
  securityOpts: ['seccomp=unconfined'],
} as const
export const LAB_OVERLAY_ENV = 'lab'
/**
 * What the lab overlay makes of every declared VM: the example's production sizes (8 CPUs, 32 GiB) would not boot
 * side by side on a build machine, so each VM keeps its name, network and placement but gets lab size. The disk
 * stays thin (a qcow2 overlay on the guest image), so only what the guest writes takes space.
 */
export const LAB_VM_SIZE = {cpus: 1, memoryGiB: 0.5, diskGiB: 4} as const

/**
 * The overlay the lab commands plan from. The lab is built from the inventory itself, so `lab` (the overlay they
 * write, often selected by an exported KOTADC_ENV=lab) means the base inventory; any other overlay applies as usual.
 */
export const labBaseEnv = (env: string | undefined): string | undefined => (env === LAB_OVERLAY_ENV ? undefined : env)

export interface LabNetwork {
  /** Inventory network name. */
  name: string
  /** Docker network name: `kotadc-lab-<site>-<network>`. */
  dockerName: string
  subnet: string
  gateway: string
  labels: Record<string, string>
}

/** A hypervisor's extra interface on a network its VMs join: the bridge there enslaves it, so guests sit on that network. */
export interface LabUplink {
  network: string
  dockerNetwork: string
  address: string
}

export interface LabHost {
  name: string
  /** Docker container name: `kotadc-lab-<site>-<host>`. */
  container: string
  network: string
  dockerNetwork: string
  address: string
  port: number
  labels: Record<string, string>
  /**
   * Data directories of the docker volumes of the containers placed on this host. No docker daemon runs in a lab
   * container, so the containers phase never creates them; `lab up` makes empty stand-ins so that what reads them
   * (backups, restore drills) works in the lab as it does on the site.
   */
  volumeDirs: string[]
  /**
   * Role hypervisor: a container of the hypervisor image (libvirt, QEMU, LAB_HYPERVISOR's rights), whose
   * libvirtd the `hypervisor` playbook starts, attached to every other network its VMs join.
   */
  hypervisor: boolean
  uplinks: LabUplink[]
}

/** A VM workload's address moved into its network's lab subnet (VMs are not started in the lab). */
export interface LabVmAddress {
  name: string
  network: string
  address: string
}

export interface LabLayout {
  site: string
  pool: string
  networks: LabNetwork[]
  hosts: LabHost[]
  vms: LabVmAddress[]
}

export interface LabPlanOptions {
  /** A /16 the lab subnets are cut from; default 172.30.0.0/16. */
  pool?: string
}

export const labContainerName = (site: string, host: string): string => `kotadc-lab-${site}-${host}`
export const labNetworkName = (site: string, network: string): string => `kotadc-lab-${site}-${network}`

const toInt = (ip: string): number | undefined => {
  const parts = ip.split('.')
  if (parts.length !== 4) return undefined
  let n = 0
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined
    n = n * 256 + Number(p)
  }
  return n
}

const toIp = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')

const parsePool = (pool: string): number => {
  const [ip, prefix] = pool.split('/')
  const base = ip === undefined ? undefined : toInt(ip)
  if (base === undefined || prefix !== '16' || base % 65536 !== 0) throw labPlanError.poolInvalid(pool, LAB_DEFAULT_POOL)
  return base
}

/** Offset of `address` from the start of `cidr`, or undefined when either is malformed. */
const offsetIn = (address: string, cidr: string): number | undefined => {
  const a = toInt(address)
  const base = toInt(cidr.split('/')[0] ?? '')
  return a === undefined || base === undefined ? undefined : a - base
}

interface Member {
  name: string
  address: string
}

/** Lab offset for each member of one network: keep the original offset when it is a usable /24 host offset. */
const assignOffsets = (network: Network, members: readonly Member[]): Map<string, number> => {
  const keep = (o: number | undefined): o is number => o !== undefined && o >= 2 && o <= 254
  const result = new Map<string, number>()
  const used = new Set<number>()
  for (const m of members) {
    const o = offsetIn(m.address, network.cidr)
    if (keep(o) && !used.has(o)) {
      result.set(m.name, o)
      used.add(o)
    }
  }
  let next = 2
  for (const m of members) {
    if (result.has(m.name)) continue
    while (used.has(next)) next++
    if (next > 254) throw labPlanError.networkFull(network.name)
    result.set(m.name, next)
    used.add(next)
  }
  return result
}

const volumeDirsOn = (inv: Inventory, host: string): string[] =>
  inv.workloads.flatMap((w) =>
    w.kind === 'container' && w.host === host ? w.volumes.map((v) => dockerVolumeData(workloadVolumeName(w.name, v.name))) : [],
  )

/** Inventory → lab layout. Deterministic: the same inventory and pool always give the same names and addresses. */
export function planLab(inv: Inventory, opts: LabPlanOptions = {}): LabLayout {
  const pool = opts.pool ?? LAB_DEFAULT_POOL
  const poolBase = parsePool(pool)
  if (inv.networks.length > 256) throw labPlanError.tooManyNetworks(inv.networks.length, pool)
  const site = inv.site.name
  const vmWorkloads = inv.workloads.filter((w) => w.kind === 'vm')
  const vmsOf = (net: string): Member[] => vmWorkloads.filter((w) => w.network === net)
  const isHypervisor = (h: Host): boolean => h.roles.includes('hypervisor')
  // A hypervisor needs an interface on each network its VMs join, other than the one it already sits on.
  const uplinkNets = (h: Host): string[] => [
    ...new Set(vmWorkloads.filter((w) => w.hypervisor === h.name && w.network !== h.network).map((w) => w.network)),
  ]
  const uplinkKey = (host: string): string => `${host} uplink`

  const networks: LabNetwork[] = []
  const hosts: LabHost[] = []
  const uplinkAddress = new Map<string, {dockerNetwork: string; address: string}>()
  const vms: LabVmAddress[] = []
  inv.networks.forEach((net, i) => {
    const subnetBase = poolBase + i * 256
    const dockerName = labNetworkName(site, net.name)
    networks.push({
      name: net.name,
      dockerName,
      subnet: `${toIp(subnetBase)}/24`,
      gateway: toIp(subnetBase + 1),
      labels: {[LAB_LABEL]: site, [LAB_NETWORK_LABEL]: net.name},
    })
    const netHosts: Host[] = inv.hosts.filter((h) => h.network === net.name)
    const netVms = vmsOf(net.name)
    // Uplinks come last: they take free offsets and never move an address the inventory gave a host or VM.
    const uplinks = inv.hosts.filter((h) => isHypervisor(h) && uplinkNets(h).includes(net.name)).map((h) => ({name: uplinkKey(h.name), address: ''}))
    const offsets = assignOffsets(net, [...netHosts, ...netVms, ...uplinks])
    const addressOf = (name: string): string => toIp(subnetBase + (offsets.get(name) ?? 0))
    for (const u of uplinks) uplinkAddress.set(`${u.name} ${net.name}`, {dockerNetwork: dockerName, address: addressOf(u.name)})
    for (const h of netHosts) {
      hosts.push({
        name: h.name,
        container: labContainerName(site, h.name),
        network: net.name,
        dockerNetwork: dockerName,
        address: addressOf(h.name),
        port: LAB_SSH_PORT,
        labels: {[LAB_LABEL]: site, [LAB_HOST_LABEL]: h.name},
        volumeDirs: volumeDirsOn(inv, h.name),
        hypervisor: isHypervisor(h),
        uplinks: [],
      })
    }
    for (const vm of netVms) vms.push({name: vm.name, network: net.name, address: addressOf(vm.name)})
  })
  for (const h of hosts) {
    const host = inv.hosts.find((x) => x.name === h.name)
    if (!host || !h.hypervisor) continue
    for (const network of uplinkNets(host)) {
      const u = uplinkAddress.get(`${uplinkKey(h.name)} ${network}`)
      if (u) h.uplinks.push({network, ...u})
    }
  }
  // Inventory order, not network order: what users see in status and --json follows their hosts file.
  const order = new Map(inv.hosts.map((h, i) => [h.name, i]))
  hosts.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0))
  return {site, pool, networks, hosts, vms}
}

/** Facts the overlay needs that only exist after `lab up` generated keys. */
export interface LabOverlayFacts {
  /** Absolute path of the lab's private key for user kotadc. */
  identityFile: string
  /** Absolute path of the known_hosts file the lab wrote. */
  knownHosts: string
  /** Host name → pinned `SHA256:` fingerprint of the host key injected into its container. */
  hostKeys: Readonly<Record<string, string>>
  /** The lab's guest image (scripts/lab/build-guest-image.sh): every image the inventory declares stands for it. */
  guestImage?: {file: string; source: string; sha256: string}
}

/** The `lab` overlay: same keys as the inventory, merged by name (docs/inventory.md, "Overlays"). */
export interface LabOverlay {
  /** `name` repeats the site's own name: the overlay says which site it belongs to (and the loader wants it). */
  site: {name: string; ssh: {user: string; port: number; identityFile: string; knownHosts: string}}
  networks: {name: string; cidr: string; gateway: string}[]
  hosts: {
    name: string
    address: string
    hostKey: string
    ssh?: {user?: string; port?: number; identityFile?: string}
    vars?: {dockerService: false}
  }[]
  workloads?: {name: string; address: string; cpus: number; memoryGiB: number; diskGiB: number}[]
  /** No image can be downloaded here, and Rocky or genericcloud files are not on this machine: the lab builds one. */
  images?: {name: string; file: string; sha256: string; source: string; format: 'qcow2'}[]
  /** The lab subnets: `--env lab` may contact nothing else, so a host the overlay forgot cannot reach production. */
  allowedNetworks: string[]
}

export function labOverlay(inv: Inventory, layout: LabLayout, facts: LabOverlayFacts): LabOverlay {
  const byName = new Map(inv.hosts.map((h) => [h.name, h]))
  const hosts = layout.hosts.map((lh) => {
    const hostKey = facts.hostKeys[lh.name]
    if (hostKey === undefined) throw new Error(`labOverlay: no host key for ${lh.name}`)
    const entry: LabOverlay['hosts'][number] = {name: lh.name, address: lh.address, hostKey}
    // A per-host ssh override would win over site.ssh after merging, so it is overridden with lab values too.
    const own = byName.get(lh.name)?.ssh
    if (own && (own.user !== undefined || own.port !== undefined || own.identityFile !== undefined)) {
      entry.ssh = {
        ...(own.user !== undefined ? {user: LAB_SSH_USER} : {}),
        ...(own.port !== undefined ? {port: lh.port} : {}),
        ...(own.identityFile !== undefined ? {identityFile: facts.identityFile} : {}),
      }
    }
    // Lab containers are unprivileged and have no init that could run dockerd: the docker-host playbook installs and
    // configures docker there without starting it (the containers phase is not rehearsed in the lab).
    if (byName.get(lh.name)?.roles.includes('docker')) entry.vars = {dockerService: false}
    return entry
  })
  const overlay: LabOverlay = {
    site: {name: inv.site.name, ssh: {user: LAB_SSH_USER, port: LAB_SSH_PORT, identityFile: facts.identityFile, knownHosts: facts.knownHosts}},
    allowedNetworks: layout.networks.map((n) => n.subnet),
    networks: layout.networks.map((n) => ({name: n.name, cidr: n.subnet, gateway: n.gateway})),
    hosts,
  }
  // One file per image all the same: image file names are unique in an inventory (one pool volume each).
  const guest = facts.guestImage
  if (guest && inv.images.length > 0)
    overlay.images = inv.images.map((i) => ({name: i.name, ...guest, file: `${i.name}-${guest.file}`, format: 'qcow2' as const}))
  if (layout.vms.length > 0) overlay.workloads = layout.vms.map((v) => ({name: v.name, address: v.address, ...LAB_VM_SIZE}))
  return overlay
}

/** YAML text of the overlay file, with a header saying who wrote it and how to get rid of it. */
export function renderLabOverlay(site: string, overlay: LabOverlay): string {
  const header = [
    `# Written by \`kotadc lab up\` for site ${site}: the local lab's addresses, ssh settings and pinned host keys.`,
    '# Select it with `--env lab`. Do not edit: rerun `kotadc lab up`; `kotadc lab down` removes this file.',
  ].join('\n')
  return `${header}\n${stringify(overlay, {lineWidth: 0})}`
}

/** One line of an OpenSSH known_hosts file; port 22 is written bare, others as `[address]:port`. */
export const knownHostsLine = (address: string, port: number, publicKey: string): string => {
  const [type, blob] = publicKey.trim().split(/\s+/)
  return `${port === 22 ? address : `[${address}]:${port}`} ${type} ${blob}`
}
