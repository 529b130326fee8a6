import type {Inventory, VmWorkload} from '../inventory/model.js'
import {renderTemplate} from '../tasks/template-render.js'
import {bridgeFor, diskVolume, domainName, KOTADC_XMLNS, macFor, seedVolume, VM_POOL} from './conventions.js'

/** The template kotadc renders every domain from (a site's own templates/vms/domain.xml replaces it). */
export const DOMAIN_TEMPLATE = 'vms/domain.xml'

/** `kvm` where the hypervisor has /dev/kvm, else `qemu` (TCG: slow, but it boots anywhere, as in the lab). */
export type VirtType = 'kvm' | 'qemu'

export interface DomainOptions {
  virtType: VirtType
  /** Attach the first-boot seed (until the VM answered SSH with its pinned key and the seed was deleted). */
  withSeed: boolean
}

/** The values the domain template sees; everything it writes comes from here, so the golden files cover it all. */
export function domainScope(inv: Pick<Inventory, 'site'>, vm: VmWorkload, opts: DomainOptions): Record<string, unknown> {
  return {
    virtType: opts.virtType,
    name: domainName(vm),
    title: `${vm.agency}/${vm.name} (kotadc)`,
    xmlns: KOTADC_XMLNS,
    site: inv.site.name,
    agency: vm.agency,
    memoryKiB: Math.round(vm.memoryGiB * 1024 * 1024),
    cpus: vm.cpus,
    pool: VM_POOL,
    disk: diskVolume(vm),
    withSeed: opts.withSeed,
    seed: seedVolume(vm),
    mac: macFor(inv.site.name, vm.name),
    bridge: bridgeFor(vm.network),
  }
}

/** The domain XML libvirt is given (`virsh define`), rendered from templates/vms/domain.xml. */
export function renderDomainXml(
  inv: Pick<Inventory, 'site'>,
  vm: VmWorkload,
  opts: DomainOptions,
  lookup: (name: string) => string | undefined,
): string {
  return String(renderTemplate(DOMAIN_TEMPLATE, lookup, domainScope(inv, vm, opts)))
}
