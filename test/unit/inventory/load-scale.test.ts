import {describe, expect, it} from 'vitest'
import {loadFromSources, type SourceFile} from '../../../src/inventory/load.js'

/** A generated site: 1,000 agencies × 5 workloads (3 containers, 1 postgres, 1 VM placed by capacity). */
function bigSite(agencies: number): SourceFile[] {
  const site = `schemaVersion: 1
site: {name: big, domain: big.example.go.id, timezone: UTC, ssh: {user: kotadc}}
networks:
  - {name: mgmt, cidr: 10.10.0.0/16, gateway: 10.10.0.1}
  - {name: services, cidr: 10.20.0.0/16, gateway: 10.20.0.1}
terraform: {backend: {type: local}}
backupPolicies:
  - {name: standard, schedule: daily, keep: {daily: 7}, repository: backup1, rpoHours: 26}
images:
  - {name: debian-12, file: debian-12.qcow2, sha256: ${'a'.repeat(64)}, source: /srv/images/debian-12.qcow2}
`
  const hosts = ['hosts:', '  - {name: backup1, address: 10.10.0.2, network: mgmt, roles: [backup]}']
  for (let i = 0; i < 20; i++) hosts.push(`  - {name: docker${i}, address: 10.10.1.${i + 1}, network: mgmt, roles: [docker]}`)
  for (let i = 0; i < 10; i++) hosts.push(`  - {name: hv${i}, address: 10.10.2.${i + 1}, network: mgmt, roles: [hypervisor], resources: {cpus: 128, memoryGiB: 512, diskGiB: 10000}}`)
  hosts.push('  - {name: db1, address: 10.10.3.1, network: mgmt, roles: [database]}')
  const files: SourceFile[] = [
    {path: 'big/site.yaml', text: site},
    {path: 'big/hosts.yaml', text: hosts.join('\n') + '\n'},
  ]
  for (let a = 0; a < agencies; a++) {
    const code = `ag${a}`
    const w: string[] = [`agency: {code: ${code}, name: Agency ${a}}`, 'workloads:']
    for (let c = 0; c < 3; c++) {
      w.push(`  - name: ${code}-app${c}`, '    kind: container', `    host: docker${a % 20}`, `    image: registry.internal/${code}/app:1.${c}`)
      w.push(`    port: ${10000 + Math.floor(a / 20) * 3 + c}`, `    domain: app${c}.${code}.big.example.go.id`, `    secrets: [${code.toUpperCase()}_DB_PASSWORD]`, '    backup: {policy: standard}')
    }
    w.push(`  - {name: ${code}-db, kind: postgres, host: db1, databases: [${code}]}`)
    w.push(`  - {name: ${code}-vm, kind: vm, cpus: 1, memoryGiB: 2, diskGiB: 20, image: debian-12, network: services, address: 10.20.${Math.floor(a / 250)}.${(a % 250) + 2}}`)
    files.push({path: `big/agencies/${code}.yaml`, text: w.join('\n') + '\n'})
  }
  return files
}

describe('scale', () => {
  // Speed is measured by `npm run bench` (docs/benchmarks.md), not asserted here: a timed unit test fails on a busy machine.
  it('validates 1,000 agencies × 5 workloads, placing every VM', () => {
    const {inventory, warnings} = loadFromSources(bigSite(1000), {dir: 'big', secrets: {has: () => true}})
    expect(inventory.workloads).toHaveLength(5000)
    expect(warnings).toEqual([])
    expect(inventory.workloads.filter((w) => w.kind === 'vm' && w.placed)).toHaveLength(1000)
    // A generous limit: this is a correctness test of a large site, and a busy CI machine must not fail it.
  }, 60_000)

  it('reports every problem of a large broken site', () => {
    const files = bigSite(1000).map((f) => (f.path.endsWith('/ag7.yaml') || f.path.endsWith('/ag900.yaml') ? {...f, text: f.text.replace('kind: postgres', 'kind: postgress')} : f))
    expect(() => loadFromSources(files, {dir: 'big'})).toThrow(/2 errors/)
  }, 60_000)
})
