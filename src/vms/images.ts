import {vmErrors} from '../errors/vms.js'
import type {VmImage, VmWorkload} from '../inventory/model.js'
import type {HypervisorState} from './live.js'

/** What a hypervisor's pool needs for one image: nothing, a one-time check of a copy already there, or the upload. */
export type ImageAction = {kind: 'upload-image'; image: VmImage} | {kind: 'verify-image'; image: VmImage}

/**
 * Images the hypervisor's VMs are backed by, each put into the pool once. A copy whose recorded sum matches is used
 * as it is (never uploaded again); a copy with another sum is refused, because VM disks may be backed by it.
 */
export function planImages(hypervisor: string, vms: readonly VmWorkload[], images: readonly VmImage[], state: HypervisorState): ImageAction[] {
  const needed = images.filter((i) => vms.some((v) => v.image === i.name))
  const out: ImageAction[] = []
  for (const image of needed) {
    const sum = state.sums.get(image.file)
    if (sum !== undefined && sum !== image.sha256) throw vmErrors.imageMismatch(image.name, image.file, hypervisor, sum, image.sha256, image.at)
    if (sum === image.sha256 && state.volumes.has(image.file)) continue
    out.push(state.volumes.has(image.file) ? {kind: 'verify-image', image} : {kind: 'upload-image', image})
  }
  return out
}
