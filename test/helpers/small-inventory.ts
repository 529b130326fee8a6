import type {Inventory} from '../../src/inventory/model.js'

const at = (file: string, line: number) => ({file, line, col: 5})

/** A small validated-looking inventory model for pure tests: 2 networks, 4 hosts, 2 agencies, 4 workloads. */
export function smallInventory(): Inventory {
  return {
    schemaVersion: 1,
    root: 'inventory',
    site: {name: 'dc1', domain: 'kota.example', timezone: 'Asia/Makassar', ssh: {user: 'kotadc', port: 22}, admins: []},
    networks: [
      {name: 'mgmt', cidr: '10.10.0.0/24', vlan: 10, gateway: '10.10.0.1', at: at('inventory/site.yaml', 10)},
      {name: 'services', cidr: '10.20.0.0/22', gateway: '10.20.0.1', at: at('inventory/site.yaml', 14)},
    ],
    terraform: {binary: 'terraform', backend: {type: 'local'}},
    images: [],
    backupPolicies: [
      {name: 'standard', schedule: '*-*-* 01:30:00', keep: {daily: 7}, repository: 'backup1', rpoHours: 26, at: at('inventory/site.yaml', 20)},
    ],
    hosts: [
      {
        name: 'hv1',
        address: '10.10.0.11',
        network: 'mgmt',
        roles: ['hypervisor'],
        resources: {cpus: 16, memoryGiB: 64, diskGiB: 1000},
        vars: {rack: 'A1'},
        at: at('inventory/hosts.yaml', 2),
      },
      {
        name: 'docker1',
        address: '10.10.0.21',
        network: 'mgmt',
        roles: ['docker'],
        hostKey: 'SHA256:abc',
        vars: {},
        at: at('inventory/hosts.yaml', 9),
      },
      {name: 'db1', address: '10.10.0.31', network: 'mgmt', roles: ['database', 'backup'], vars: {}, at: at('inventory/hosts.yaml', 14)},
      {name: 'backup1', address: '10.10.0.41', network: 'mgmt', roles: ['backup'], vars: {}, at: at('inventory/hosts.yaml', 19)},
    ],
    agencies: [
      {code: 'dinkes', name: 'Dinas Kesehatan', contact: {name: 'Data', email: 'data@dinkes.example'}, at: at('inventory/agencies/dinkes.yaml', 2)},
      {code: 'setda', name: 'Sekretariat Daerah', at: at('inventory/agencies/setda.yaml', 2)},
    ],
    workloads: [
      {
        name: 'simpus',
        agency: 'dinkes',
        kind: 'container',
        host: 'docker1',
        image: 'registry.internal/dinkes/simpus:2.4.1',
        port: 8081,
        env: {TZ: 'Asia/Makassar'},
        secrets: ['SIMPUS_DB_PASSWORD'],
        volumes: [{name: 'uploads', path: '/app/uploads'}],
        domain: 'simpus.kota.example',
        backup: {policy: 'standard', volumes: ['uploads']},
        at: at('inventory/agencies/dinkes.yaml', 6),
      },
      {
        name: 'simpus-db',
        agency: 'dinkes',
        kind: 'postgres',
        host: 'db1',
        databases: ['simpus'],
        backup: {policy: 'standard'},
        at: at('inventory/agencies/dinkes.yaml', 18),
      },
      {
        name: 'arsip',
        agency: 'setda',
        kind: 'vm',
        hypervisor: 'hv1',
        cpus: 2,
        memoryGiB: 4,
        diskGiB: 50,
        image: 'debian-12',
        network: 'services',
        address: '10.20.0.50',
        at: at('inventory/agencies/setda.yaml', 6),
      },
      {
        name: 'floating',
        agency: 'setda',
        kind: 'vm',
        cpus: 1,
        memoryGiB: 2,
        diskGiB: 20,
        image: 'debian-12',
        network: 'services',
        address: '10.20.0.51',
        at: at('inventory/agencies/setda.yaml', 16),
      },
    ],
  }
}
