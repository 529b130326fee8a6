import type {Host, Inventory} from '../../../src/inventory/model.js'

const at = (file: string, line: number) => ({file, line, col: 5})
const host = (name: string, address: string, network: string, line: number, extra: Partial<Host> = {}): Host => ({
  name,
  address,
  network,
  roles: [],
  vars: {},
  at: at('hosts.yaml', line),
  ...extra,
})

/**
 * The model of test/fixtures/inventory/lab-small, built by hand so the lab services are tested without the loader;
 * `site` and `root` vary per run so concurrent runs and a user's own lab never share containers or overlay files.
 */
export function labSmallInventory(site: string, root: string): Inventory {
  return {
    schemaVersion: 1,
    root,
    site: {
      name: site,
      domain: 'lab.example',
      timezone: 'Asia/Makassar',
      ssh: {user: 'ops', port: 2222, identityFile: '~/.ssh/not-the-lab-key'},
      admins: [],
    },
    networks: [
      {name: 'mgmt', cidr: '10.10.0.0/24', vlan: 10, gateway: '10.10.0.1', at: at('site.yaml', 11)},
      {name: 'services', cidr: '10.20.0.0/22', vlan: 20, gateway: '10.20.0.1', at: at('site.yaml', 15)},
    ],
    terraform: {binary: 'terraform', backend: {type: 'local'}},
    backupPolicies: [],
    images: [],
    hosts: [
      host('hv1', '10.10.0.11', 'mgmt', 2, {roles: ['hypervisor'], resources: {cpus: 8, memoryGiB: 32, diskGiB: 500}}),
      host('web1', '10.20.1.30', 'services', 7, {roles: ['proxy']}),
      host('db1', '10.10.0.12', 'mgmt', 11, {roles: ['database'], ssh: {port: 2200}}),
    ],
    agencies: [{code: 'dinkes', name: 'Dinas Kesehatan', at: at('agencies/dinkes.yaml', 2)}],
    workloads: [
      {
        kind: 'vm',
        name: 'arsip',
        agency: 'dinkes',
        hypervisor: 'hv1',
        cpus: 2,
        memoryGiB: 4,
        diskGiB: 50,
        image: 'debian-12',
        network: 'services',
        address: '10.20.0.50',
        at: at('agencies/dinkes.yaml', 5),
      },
    ],
  }
}
