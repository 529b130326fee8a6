import type {Inventory} from '../src/inventory/model.js'

/** Name of the stack (and of its directory under .kotadc/stacks/) for one docker host. */
export const dockerStackName = (host: string): string => `docker-${host}`

/** Docker network that holds one agency's containers on a host; agencies never share one. */
export const agencyNetworkName = (agency: string): string => `kotadc-${agency}`

/** Docker volume of one workload; workload names are unique site-wide, so this is too. */
export const workloadVolumeName = (workload: string, volume: string): string => `${workload}-${volume}`

/** Every host with role docker, sorted, each of which gets its own stack. */
export const dockerHostNames = (model: Inventory): string[] =>
  model.hosts
    .filter((h) => h.roles.includes('docker'))
    .map((h) => h.name)
    .sort()
