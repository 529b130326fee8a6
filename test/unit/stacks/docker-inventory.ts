import type {Inventory} from '../../../src/inventory/model.js'

const at = (file: string, line: number) => ({file, line, col: 3})

/**
 * A validated inventory built by hand (the loader is not used here): two docker hosts, two agencies sharing
 * docker1, a workload on docker2, and non-container workloads the docker stacks must ignore.
 */
export function dockerInventory(): Inventory {
  return {
    schemaVersion: 1,
    root: '/srv/kotadc/inventory',
    site: {
      name: 'kotamobagu-dc',
      domain: 'kotamobagukota.go.id',
      timezone: 'Asia/Makassar',
      ssh: {user: 'kotadc', port: 22, identityFile: '~/.ssh/kotadc_ed25519'},
      admins: [],
    },
    networks: [{name: 'mgmt', cidr: '10.10.0.0/24', gateway: '10.10.0.1', at: at('inventory/site.yaml', 12)}],
    terraform: {binary: 'terraform', backend: {type: 'local'}},
    backupPolicies: [],
    images: [],
    hosts: [
      {
        name: 'docker2',
        address: '10.10.0.22',
        network: 'mgmt',
        roles: ['docker'],
        ssh: {jumpHost: 'docker1'},
        vars: {},
        at: at('inventory/hosts.yaml', 9),
      },
      {
        name: 'docker1',
        address: '10.10.0.21',
        network: 'mgmt',
        roles: ['docker', 'proxy'],
        ssh: {port: 2222},
        vars: {},
        at: at('inventory/hosts.yaml', 2),
      },
      {
        name: 'hv1',
        address: '10.10.0.11',
        network: 'mgmt',
        roles: ['hypervisor'],
        resources: {cpus: 8, memoryGiB: 32, diskGiB: 500},
        vars: {},
        at: at('inventory/hosts.yaml', 16),
      },
    ],
    agencies: [
      {code: 'dinkes', name: 'Dinas Kesehatan', at: at('inventory/agencies/dinkes.yaml', 2)},
      {code: 'disdik', name: 'Dinas Pendidikan', at: at('inventory/agencies/disdik.yaml', 2)},
    ],
    workloads: [
      {
        kind: 'container',
        name: 'simpus',
        agency: 'dinkes',
        host: 'docker1',
        image: 'registry.internal/dinkes/simpus:2.4.1',
        port: 8080,
        env: {TZ: 'Asia/Makassar', DB_HOST: 'db1.kotamobagukota.go.id'},
        secrets: ['SIMPUS_DB_PASSWORD'],
        volumes: [
          {name: 'uploads', path: '/app/uploads'},
          {name: 'cache', path: '/app/cache'},
        ],
        limits: {memoryMiB: 1024, cpus: 1.5},
        healthcheck: {command: ['curl', '-fsS', 'http://localhost:8080/health'], intervalSeconds: 30, timeoutSeconds: 5, retries: 3},
        at: at('inventory/agencies/dinkes.yaml', 6),
      },
      {
        kind: 'container',
        name: 'sekolah',
        agency: 'disdik',
        host: 'docker1',
        image: 'registry.internal/disdik/sekolah:1.0.0',
        port: 8081,
        env: {},
        secrets: ['SEKOLAH_API_KEY'],
        volumes: [],
        healthcheck: {command: ['CMD-SHELL', 'wget -qO- localhost:8081 || exit 1']},
        at: at('inventory/agencies/disdik.yaml', 6),
      },
      {
        kind: 'container',
        name: 'simpus-worker',
        agency: 'dinkes',
        host: 'docker1',
        image: 'registry.internal/dinkes/simpus:2.4.1',
        env: {MODE: 'worker'},
        secrets: [],
        volumes: [],
        at: at('inventory/agencies/dinkes.yaml', 20),
      },
      {
        kind: 'container',
        name: 'rapor',
        agency: 'disdik',
        host: 'docker2',
        image: 'registry.internal/disdik/rapor:3.2',
        port: 9000,
        env: {},
        secrets: [],
        volumes: [{name: 'data', path: '/data'}],
        at: at('inventory/agencies/disdik.yaml', 18),
      },
      {kind: 'postgres', name: 'simpus-db', agency: 'dinkes', host: 'docker1', databases: ['simpus'], at: at('inventory/agencies/dinkes.yaml', 30)},
      {
        kind: 'vm',
        name: 'arsip',
        agency: 'disdik',
        hypervisor: 'hv1',
        cpus: 2,
        memoryGiB: 4,
        diskGiB: 50,
        image: 'debian-12',
        network: 'mgmt',
        address: '10.10.0.50',
        at: at('inventory/agencies/disdik.yaml', 30),
      },
    ],
  }
}

/** Secret values used with dockerInventory(), for tests that check no file holds them. */
export const DOCKER_SECRETS = {SIMPUS_DB_PASSWORD: 'simpus-db-pw-7f3a9c', SEKOLAH_API_KEY: 'sekolah-key-0b41de'}
