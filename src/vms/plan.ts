import type {OpsError} from '../errors/ops-error.js'
import {asOpsError} from '../errors/cli.js'
import {vmErrors} from '../errors/vms.js'
import type {VmImage, VmWorkload} from '../inventory/model.js'
import {diskVolume, domainName, seedVolume, VM_POOL} from './conventions.js'
import {planDisk, type DiskAction} from './disk.js'
import {DOMAIN_TEMPLATE, type DomainOptions} from './domain-xml.js'
import {domainView, restartFields, sameView, viewLines} from './domain-view.js'
import {planImages, type ImageAction} from './images.js'
import {isRunning, type HypervisorState, type LiveDomain} from './live.js'

/** One step on a hypervisor, in the order it runs. */
export type VmAction =
  | ImageAction
  | {kind: 'create-host-key'; vm: VmWorkload}
  | ({vm: VmWorkload; image: VmImage} & DiskAction & {running: boolean})
  | {kind: 'create-seed'; vm: VmWorkload}
  | {kind: 'define'; vm: VmWorkload; xml: string; before: string[] | undefined; after: string[]}
  | {kind: 'autostart'; vm: VmWorkload}
  | {kind: 'start'; vm: VmWorkload}
  | {kind: 'restart'; vm: VmWorkload; fields: string[]}
  | {kind: 'wait-ssh'; vm: VmWorkload}
  | {kind: 'remove-seed'; vm: VmWorkload; running: boolean}

/** A domain on the hypervisor that the inventory does not declare there: reported, never touched. */
export interface Orphan {
  name: string
  state: string
  /** `site/agency` when kotadc defined it (a VM removed from the inventory), else undefined (made by hand). */
  owner?: string
}

export interface VmStatus {
  name: string
  state: string
  /** Changes that take effect at the next restart of the guest (kotadc vm restart, or --restart-vms). */
  restartNeeded: string[]
}

export interface HypervisorPlan {
  hypervisor: string
  virtType: HypervisorState['virtType']
  actions: VmAction[]
  vms: VmStatus[]
  orphans: Orphan[]
  /** Per-VM refusals (a disk shrink, a lost host key): that VM is left alone, the others go ahead. */
  problems: OpsError[]
}

export interface PlanInput {
  hypervisor: string
  /** The VMs the inventory places on this hypervisor. */
  vms: readonly VmWorkload[]
  images: readonly VmImage[]
  state: HypervisorState
  render: (vm: VmWorkload, opts: DomainOptions) => string
  hasHostKey: (vm: VmWorkload) => boolean
  /** Restart running VMs whose definition changed in a way that needs it (--restart-vms). */
  restartVms: boolean
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * libvirt redefines a domain only under the uuid it already has (a definition without one, for a name that exists,
 * is refused as a second domain), so a redefinition carries the live uuid. It comes from the hypervisor: anything
 * but a plain uuid is not put into the XML.
 */
export function withUuid(xml: string, uuid: string): string {
  if (!UUID.test(uuid)) throw new Error(`libvirt reported a malformed domain uuid: ${JSON.stringify(uuid)}`)
  if (/<uuid>/.test(xml)) return xml
  return xml.replace(/(<name>[^<]*<\/name>)/, `$1\n  <uuid>${uuid}</uuid>`)
}

function planVm(input: PlanInput, vm: VmWorkload, live: LiveDomain | undefined): {actions: VmAction[]; status: VmStatus} {
  const {state} = input
  const actions: VmAction[] = []
  const running = live ? isRunning(live) : false
  const disk = planDisk(vm, state.volumes.get(diskVolume(vm))?.capacityBytes)
  const image = input.images.find((i) => i.name === vm.image) as VmImage
  const hasSeed = state.volumes.has(seedVolume(vm))
  if (!input.hasHostKey(vm)) {
    if (live) throw vmErrors.hostKeyMissing(vm.name, `${vm.name}'s host key`)
    actions.push({kind: 'create-host-key', vm})
  }
  if (disk) actions.push({...disk, vm, image, running})
  const withSeed = !live || hasSeed
  if (!live && !hasSeed) actions.push({kind: 'create-seed', vm})
  const xml = input.render(vm, {virtType: state.virtType, withSeed})
  const want = domainView(xml)
  const have = live ? domainView(live.inactiveXml) : undefined
  if (!want) throw vmErrors.templateInvalid(vm.name, DOMAIN_TEMPLATE)
  if (!have || !sameView(have, want))
    actions.push({kind: 'define', vm, xml: live ? withUuid(xml, live.uuid) : xml, before: have && viewLines(have), after: viewLines(want)})
  if (!live?.autostart) actions.push({kind: 'autostart', vm})
  const liveView = live && running ? domainView(live.liveXml) : undefined
  const pending = liveView
    ? [...(liveView.virtType === want.virtType ? [] : [`type ${liveView.virtType} → ${want.virtType}`]), ...restartFields(liveView, want)]
    : []
  let boots = false
  if (!running) {
    actions.push({kind: 'start', vm})
    boots = true
  } else if (pending.length && input.restartVms) {
    actions.push({kind: 'restart', vm, fields: pending})
    boots = true
  }
  if (boots || hasSeed || !live) actions.push({kind: 'wait-ssh', vm})
  if (hasSeed || !live) actions.push({kind: 'remove-seed', vm, running: true})
  const restartNeeded = input.restartVms ? [] : pending
  return {actions, status: {name: vm.name, state: live ? live.state : 'absent', restartNeeded}}
}

/**
 * Everything the vms phase does on one hypervisor, from its live state: images, disks, seeds, definitions, autostart
 * and starts. Domains the inventory does not declare here are orphans: listed, never changed.
 */
export function planHypervisor(input: PlanInput): HypervisorPlan {
  const problems: OpsError[] = []
  const byName = new Map(input.state.domains.map((d) => [d.name, d]))
  const declared = new Set(input.vms.map(domainName))
  const plan: HypervisorPlan = {hypervisor: input.hypervisor, virtType: input.state.virtType, actions: [], vms: [], orphans: [], problems}
  plan.orphans = input.state.domains
    .filter((d) => !declared.has(d.name))
    .map((d) => {
      const owner = domainView(d.inactiveXml)?.owner
      return {name: d.name, state: d.state, ...(owner ? {owner} : {})}
    })
  if (input.vms.length === 0) return plan
  if (!input.state.pool) {
    problems.push(vmErrors.poolMissing(input.hypervisor, VM_POOL))
    return plan
  }
  try {
    plan.actions.push(...planImages(input.hypervisor, input.vms, input.images, input.state))
  } catch (e) {
    problems.push(asOpsError(e))
    return plan
  }
  for (const vm of input.vms) {
    const live = byName.get(domainName(vm))
    try {
      const {actions, status} = planVm(input, vm, live)
      plan.actions.push(...actions)
      plan.vms.push(status)
    } catch (e) {
      problems.push(asOpsError(e))
      plan.vms.push({name: vm.name, state: live?.state ?? 'absent', restartNeeded: []})
    }
  }
  return plan
}

/** One line per action, as plan and deploy print them. */
export function describeAction(a: VmAction): string {
  const gib = (b: number): string => `${Math.round((b / 1024 ** 3) * 100) / 100} GiB`
  switch (a.kind) {
    case 'upload-image':
      return `upload image ${a.image.name} (${a.image.file}) from ${a.image.source}`
    case 'verify-image':
      return `check the sha256 of image ${a.image.name} (${a.image.file}), already in the pool`
    case 'create-host-key':
      return `generate ${a.vm.name}'s SSH host key into secrets.age`
    case 'create-disk':
      return `create disk ${diskVolume(a.vm)} (${gib(a.bytes)}, backed by ${a.image.file})`
    case 'grow-disk':
      return `grow disk ${diskVolume(a.vm)} ${gib(a.fromBytes)} → ${gib(a.bytes)}`
    case 'create-seed':
      return `create the first-boot seed ${seedVolume(a.vm)}`
    case 'define':
      return a.before ? `redefine ${a.vm.name} (its definition differs)` : `define ${a.vm.name}`
    case 'autostart':
      return `autostart ${a.vm.name}`
    case 'start':
      return `start ${a.vm.name}`
    case 'restart':
      return `restart ${a.vm.name} (${a.fields.join(', ')})`
    case 'wait-ssh':
      return `wait for ${a.vm.name} to answer SSH with its pinned host key`
    case 'remove-seed':
      return `remove the first-boot seed of ${a.vm.name}`
  }
}
