import type {VmWorkload} from '../../../src/inventory/model.js'

/** The VM the vms unit tests plan and render (its golden files are test/fixtures/vms/domain-*.xml). */
export const VM: VmWorkload = {
  name: 'vmtest1',
  kind: 'vm',
  agency: 'disdik',
  cpus: 2,
  memoryGiB: 1.5,
  diskGiB: 10,
  image: 'debian-12',
  network: 'services',
  address: '10.20.0.50',
  at: {file: 'agencies/disdik.yaml', line: 5, col: 5},
}
