#!/usr/bin/env node
// Writes a synthetic but valid inventory of N agencies x 5 workloads, for benchmarks only.
// Usage: node bench/gen-inventory.mjs DIR [agencies=1000] [dockerHosts=10]
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const [dir, agenciesArg = '1000', dockerArg = '10'] = process.argv.slice(2)
if (!dir) {
  process.stderr.write('usage: gen-inventory.mjs DIR [agencies] [dockerHosts]\n')
  process.exit(2)
}
const agencies = Number(agenciesArg)
const dockerHosts = Number(dockerArg)
const hypervisors = Math.max(2, Math.ceil(agencies / 100))
const dbHosts = Math.max(1, Math.ceil(agencies / 200))

rmSync(dir, {recursive: true, force: true})
mkdirSync(join(dir, 'agencies'), {recursive: true})

writeFileSync(
  join(dir, 'site.yaml'),
  `schemaVersion: 1
site:
  name: bench-dc
  domain: bench.example.go.id
  timezone: Asia/Makassar
  ssh: {user: kotadc, port: 22}
  admins: []
images:
  - {name: debian-12, file: debian-12.qcow2, sha256: "${'0'.repeat(64)}", source: /srv/kotadc/images/debian-12.qcow2}
networks:
  - {name: mgmt, cidr: 10.10.0.0/20, vlan: 10, gateway: 10.10.0.1}
  - {name: services, cidr: 10.64.0.0/14, vlan: 20, gateway: 10.64.0.1}
terraform:
  binary: terraform
  backend: {type: local}
backupPolicies:
  - name: standard
    schedule: "*-*-* 01:30:00"
    keep: {daily: 7, weekly: 4, monthly: 6}
    repository: backup1
    rpoHours: 26
`,
)

const hosts = []
let ip = 11
const host = (name, roles, extra = '') =>
  hosts.push(`  - name: ${name}\n    address: 10.10.${Math.floor(ip / 250)}.${(ip++ % 250) + 2}\n    network: mgmt\n    roles: [${roles}]\n${extra}`)
for (let i = 1; i <= hypervisors; i++) host(`hv${i}`, 'hypervisor', '    resources: {cpus: 256, memoryGiB: 1024, diskGiB: 20000}\n')
for (let i = 1; i <= dockerHosts; i++) host(`docker${i}`, 'docker')
for (let i = 1; i <= dbHosts; i++) host(`db${i}`, 'database')
host('backup1', 'backup')
writeFileSync(join(dir, 'hosts.yaml'), `hosts:\n${hosts.join('')}`)

for (let a = 0; a < agencies; a++) {
  const code = `agency${a}`
  const docker = `docker${(a % dockerHosts) + 1}`
  const port = 10000 + Math.floor(a / dockerHosts) * 3
  const vmIp = 256 + a
  const workloads = [0, 1, 2].map(
    (k) => `  - name: ${code}-app${k}
    kind: container
    host: ${docker}
    image: registry.internal/${code}/app${k}:1.${k}.0
    port: ${port + k}
    env: {TZ: Asia/Makassar}
    volumes: [{name: data, path: /data}]
    domain: app${k}.${code}.bench.example.go.id
    backup: {policy: standard, volumes: [data]}
`,
  )
  workloads.push(`  - name: ${code}-db
    kind: postgres
    host: db${(a % dbHosts) + 1}
    databases: [${code.replace(/-/g, '_')}]
    backup: {policy: standard}
`)
  workloads.push(`  - name: ${code}-vm
    kind: vm
    cpus: 2
    memoryGiB: 4
    diskGiB: 50
    image: debian-12
    network: services
    address: 10.64.${Math.floor(vmIp / 256)}.${vmIp % 256}
`)
  writeFileSync(join(dir, 'agencies', `${code}.yaml`), `agency:\n  code: ${code}\n  name: Agency ${a}\nworkloads:\n${workloads.join('')}`)
}
process.stderr.write(`wrote ${agencies} agencies x 5 workloads, ${hosts.length} hosts to ${dir}\n`)
