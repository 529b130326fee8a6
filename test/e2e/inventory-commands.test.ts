import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runKotadc as cli} from '../helpers/cli.js'

const root = resolve(import.meta.dirname, '../..')
const example = join(root, 'inventory')

interface Run {
  status: number | null
  stdout: string
  stderr: string
}

const kotadc = (...argv: string[]): Run => {
  const r = cli(argv)
  return {status: r.status, stdout: r.stdout, stderr: r.stderr}
}
const json = (r: Run): Record<string, unknown> => JSON.parse(r.stdout) as Record<string, unknown>
const noStack = (r: Run): void => {
  expect(r.stderr + r.stdout).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/src/commands/inventory/list.js'))) throw new Error('dist/ is missing: run `npm run build` first')
})

describe('kotadc inventory list', () => {
  it('prints a table of hosts from the example inventory', () => {
    const r = kotadc('inventory', 'list', 'hosts', '-i', example)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAME +ADDRESS +NETWORK +ROLES +CPUS +MEM GIB +WORKLOADS$/)
    expect(lines.slice(1).map((l) => l.split(/ +/)[0])).toEqual(['hv1', 'hv2', 'docker1', 'docker2', 'db1', 'backup1', 'net1', 'net2'])
    expect(r.stdout).toMatch(/^net1 +10\.10\.0\.51 +mgmt +dns,proxy,firewall +- +- +0$/m)
  })

  it('gives {kind, items} under --json, with filters applied', () => {
    const hosts = json(kotadc('inventory', 'list', 'hosts', '--role', 'hypervisor', '--json', '-i', example))
    expect(hosts.kind).toBe('hosts')
    const items = hosts.items as Array<Record<string, unknown>>
    expect(items.map((h) => h.name)).toEqual(['hv1', 'hv2'])
    expect(items[0]).toMatchObject({address: '10.10.0.11', network: 'mgmt', roles: ['hypervisor'], cpus: 32, memoryGiB: 128})
    expect(items[0]!.hostKey).toMatch(/^SHA256:/)
    expect(items[0]!.location).toMatchObject({file: expect.stringMatching(/hosts\.yaml$/), line: expect.any(Number)})

    const wl = json(kotadc('inventory', 'list', 'workloads', '--agency', 'rsud', '--kind', 'vm', '--json', '-i', example))
    expect((wl.items as Array<Record<string, unknown>>).map((w) => [w.name, w.host, w.backupPolicy])).toEqual([
      ['simrs', 'hv2', 'critical'],
      ['pacs', 'hv2', 'critical'],
    ])
    const agencies = json(kotadc('inventory', 'list', 'agencies', '--json', '-i', example)).items as Array<Record<string, unknown>>
    expect(agencies.length).toBeGreaterThanOrEqual(20)
    expect(agencies.find((a) => a.code === 'dukcapil')).toMatchObject({name: 'Dinas Kependudukan dan Pencatatan Sipil', workloads: 2})
    const networks = json(kotadc('inventory', 'list', 'networks', '--json', '-i', example)).items as Array<Record<string, unknown>>
    expect(networks.map((n) => [n.name, n.cidr, n.vlan])).toEqual([
      ['mgmt', '10.10.0.0/24', 10],
      ['services', '10.20.0.0/22', 20],
      ['dmz', '10.30.0.0/24', 30],
    ])
  })

  it('exits 2 on an unknown kind to list', () => {
    const r = kotadc('inventory', 'list', 'servers', '-i', example)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('Expected servers to be one of: hosts, agencies, workloads, networks')
    expect(r.stdout).toBe('')
    noStack(r)
  })

  it('exits 1 for a filter that names no agency, with a did-you-mean fix', () => {
    const r = kotadc('inventory', 'list', 'workloads', '--agency', 'dinkess', '-i', example)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('no agency is named "dinkess"  [INVENTORY_NAME_UNKNOWN]')
    expect(r.stderr).toContain('fix: did you mean "dinkes"?')
    noStack(r)
  })
})

describe('kotadc inventory show', () => {
  it('shows a workload with its file:line, fields, secrets by name and related objects', () => {
    const r = kotadc('inventory', 'show', 'simpus', '-i', example)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^workload simpus {2}defined at .*inventory\/agencies\/dinkes\.yaml:\d+:\d+$/m)
    expect(r.stdout).toMatch(/^secrets +SIMPUS_DB_PASSWORD, SIMPUS_SATUSEHAT_CLIENT_SECRET$/m)
    expect(r.stdout).toMatch(/^runs on +host +docker1 +.*hosts\.yaml:\d+:\d+$/m)
    expect(r.stdout).toMatch(/^backed up by +backup policy +standard /m)
  })

  it('gives fields and related objects under --json', () => {
    const host = json(kotadc('inventory', 'show', 'db1', '--json', '-i', example))
    expect(host).toMatchObject({type: 'host', name: 'db1', fields: {address: '10.10.0.31', roles: ['database']}})
    const related = host.related as Array<Record<string, unknown>>
    expect(related.filter((x) => x.relation === 'runs').map((x) => x.name)).toContain('sipkd-db')
    const agency = json(kotadc('inventory', 'show', 'dukcapil', '--json', '-i', example))
    expect((agency.related as Array<Record<string, unknown>>).map((x) => x.name)).toEqual(['siak', 'antrian-dukcapil'])
    const policy = json(kotadc('inventory', 'show', 'critical', '--type', 'policy', '--json', '-i', example))
    expect(policy).toMatchObject({type: 'policy', fields: {rpoHours: 8, repository: 'backup1'}})
  })

  it('exits 1 for an unknown name with a did-you-mean fix and no stack trace', () => {
    const r = kotadc('inventory', 'show', 'simpuss', '-i', example)
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('error: no host, network, agency, workload or backup policy is named "simpuss"')
    expect(r.stderr).toMatch(/fix: did you mean "simpus"\?/)
    noStack(r)
    const j = kotadc('inventory', 'show', 'simpuss', '--json', '-i', example)
    expect(j.status).toBe(1)
    expect(json(j).error).toMatchObject({code: 'INVENTORY_NAME_UNKNOWN', family: 'user', exitCode: 1})
  })
})

describe('kotadc inventory: refusals', () => {
  it('refuses an inventory of another site (--site) and a filter that does not apply, exit 1', () => {
    const site = kotadc('inventory', 'list', 'hosts', '--site', 'bitung-dc', '-i', example)
    expect(site.status).toBe(1)
    expect(site.stderr).toContain('this inventory is for site kotamobagu-dc, not bitung-dc  [INVENTORY_SITE_MISMATCH]')
    const filter = kotadc('inventory', 'list', 'networks', '--role', 'docker', '--json', '-i', example)
    expect(filter.status).toBe(1)
    expect(json(filter).error).toMatchObject({code: 'INVENTORY_FILTER_NOT_APPLICABLE', hint: expect.stringContaining('--role applies to hosts')})
  })
})

describe('kotadc inventory show on a shared name', () => {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kotadc-inv-'))
    cpSync(example, dir, {recursive: true})
    // An agency whose code equals an existing workload name: legal, since names are unique per kind. The workload
    // (diskominfo's mail VM) names no secret, so the agency's code claims no secret another agency owns.
    const file = join(dir, 'agencies/surel.yaml')
    writeFileSync(file, 'agency:\n  code: surel\n  name: Unit Pelaksana Teknis Surel\nworkloads: []\n')
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('lists the matches and exits 1; --type resolves it', () => {
    const r = kotadc('inventory', 'show', 'surel', '--json', '-i', dir)
    expect(r.status).toBe(1)
    const error = json(r).error as {code: string; details: {matches: Array<{type: string}>}}
    expect(error.code).toBe('INVENTORY_NAME_AMBIGUOUS')
    expect(error.details.matches.map((m) => m.type)).toEqual(['agency', 'workload'])
    expect(json(kotadc('inventory', 'show', 'surel', '--type', 'agency', '--json', '-i', dir)).type).toBe('agency')
  })
})

describe('kotadc inventory schema', () => {
  let out = ''
  afterAll(() => out && rmSync(out, {recursive: true, force: true}))

  it('prints one JSON Schema document', () => {
    const r = kotadc('inventory', 'schema', '--file', 'agency')
    expect(r.status).toBe(0)
    const schema = JSON.parse(r.stdout) as {properties: Record<string, unknown>}
    expect(Object.keys(schema.properties)).toContain('workloads')
  })

  it('writes one file per kind where the example inventory points editors', () => {
    out = mkdtempSync(join(tmpdir(), 'kotadc-schema-'))
    const dir = join(out, '.kotadc/schema')
    const r = kotadc('inventory', 'schema', '--out', dir, '--json')
    expect(r.status).toBe(0)
    const written = (json(r).written as Array<{kind: string; path: string}>).map((w) => w.kind)
    expect(written).toEqual(['site', 'hosts', 'agency', 'overlay'])
    for (const kind of written) expect(JSON.parse(readFileSync(join(dir, `${kind}.json`), 'utf8'))).toHaveProperty('properties')
    // The $schema comments are relative to each file; they must resolve to <repo>/.kotadc/schema.
    expect(readFileSync(join(example, 'site.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.kotadc\/schema\/site\.json$/m)
    expect(readFileSync(join(example, 'agencies/rsud.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/\.\.\/\.kotadc\/schema\/agency\.json$/m,
    )
  })
})

describe('kotadc inventory graph', () => {
  it('prints Mermaid by default', () => {
    const r = kotadc('inventory', 'graph', '-i', example)
    expect(r.status).toBe(0)
    expect(r.stdout.startsWith('flowchart LR\n')).toBe(true)
    expect(r.stdout).toContain('  site_kotamobagu_dc --> net_mgmt\n')
    expect(r.stdout).toContain('  host_hv2 --> wl_simrs\n')
  })

  it('prints DOT with --format dot, and the text under --json', () => {
    const r = kotadc('inventory', 'graph', '--format', 'dot', '--json', '-i', example)
    expect(r.status).toBe(0)
    const g = json(r) as {format: string; text: string; nodes: number}
    expect(g.format).toBe('dot')
    expect(g.text.startsWith('digraph "kotamobagu-dc" {\n')).toBe(true)
    expect(g.text).toContain('  host_docker1 -> wl_simpus;\n')
    expect(g.nodes).toBeGreaterThan(40)
  })
})
