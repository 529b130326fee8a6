import {vmErrors} from '../errors/vms.js'
import type {VmWorkload} from '../inventory/model.js'
import {GIB} from './conventions.js'

export type DiskAction = {kind: 'create-disk'; bytes: number} | {kind: 'grow-disk'; fromBytes: number; bytes: number}

/** Bytes a diskGiB asks for (whole bytes: libvirt sizes are integers). */
export const diskBytes = (vm: Pick<VmWorkload, 'diskGiB'>): number => Math.round(vm.diskGiB * GIB)

/** The VM disk against its volume: create it, grow it, or nothing; a smaller size is refused (it would lose data). */
export function planDisk(vm: VmWorkload, liveBytes: number | undefined): DiskAction | undefined {
  const bytes = diskBytes(vm)
  if (liveBytes === undefined) return {kind: 'create-disk', bytes}
  if (bytes < liveBytes) throw vmErrors.diskShrink(vm.name, liveBytes, vm.diskGiB, vm.at)
  return bytes > liveBytes ? {kind: 'grow-disk', fromBytes: liveBytes, bytes} : undefined
}
