import {execFileSync} from 'node:child_process'
import {cpSync, mkdtempSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {InventoryInvalidError} from '../../../src/errors/inventory-issue.js'
import {UserError} from '../../../src/errors/ops-error.js'
import {loadFromSources, loadInventory, MAX_INVENTORY_FILE_BYTES} from '../../../src/inventory/load.js'
import {agencyOf, hostByName, hostsWithRole, networkByName, workloadsOnHost} from '../../../src/inventory/query.js'

const FIX = path.resolve(import.meta.dirname, '../../fixtures/inventory/valid')
const environ = {KOTADC_SECRET_SIMPUS_DB_PASSWORD: 'x'}
const load = (name: string, env?: string) => loadInventory({dir: path.join(FIX, name), cwd: path.join(FIX, name), environ, ...(env ? {env} : {})})

const copyFixture = (name: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), `kotadc-${name}-`))
  cpSync(path.join(FIX, name), dir, {recursive: true})
  return dir
}

const rejection = async (p: Promise<unknown>): Promise<UserError> => {
  const e = await p.then(() => undefined, (err: unknown) => err)
  expect(e).toBeInstanceOf(UserError)
  return e as UserError
}

describe('loadInventory', () => {
  it('loads the minimal inventory with defaults, locations and placement', async () => {
    const {inventory: inv, warnings, files} = await load('minimal')
    expect(warnings).toEqual([])
    expect(files).toEqual(['site.yaml', 'hosts.yaml', 'agencies/dinkes.yaml', 'agencies/disdik.yaml'])
    expect(inv.site).toMatchObject({name: 'testdc', ssh: {user: 'kotadc', port: 22}})
    expect(inv.terraform.binary).toBe('terraform')
    expect(inv.hosts.map((h) => h.name)).toEqual(['hv1', 'docker1', 'db1', 'backup1'])
    expect(hostByName(inv, 'docker1')?.vars).toEqual({})
    expect(hostByName(inv, 'db1')?.at).toEqual({file: 'hosts.yaml', line: 13, col: 5})
    const dapodik = inv.workloads.find((w) => w.name === 'dapodik')
    expect(dapodik).toMatchObject({kind: 'vm', hypervisor: 'hv1', placed: true, agency: 'disdik'})
    expect(inv.workloads.find((w) => w.name === 'arsip')).not.toHaveProperty('placed')
    expect(workloadsOnHost(inv, 'hv1').map((w) => w.name)).toEqual(['arsip', 'dapodik'])
    expect(hostsWithRole(inv, 'docker').map((h) => h.name)).toEqual(['docker1'])
    expect(networkByName(inv, 'services')?.cidr).toBe('10.20.0.0/22')
    expect(agencyOf(inv, inv.workloads[0] as never)?.code).toBe('dinkes')
  })

  it('applies an overlay by name, merging deeply', async () => {
    const {inventory: inv, files} = await load('minimal', 'lab')
    expect(files.at(-1)).toBe('envs/lab.yaml')
    expect(inv.env).toBe('lab')
    expect(inv.site.name).toBe('testdc-lab')
    expect(inv.site.domain).toBe('kota.example.go.id')
    expect(hostByName(inv, 'hv1')).toMatchObject({address: '10.10.0.111', resources: {cpus: 8, memoryGiB: 64, diskGiB: 1000}})
    expect(inv.workloads.find((w) => w.name === 'simpus')).toMatchObject({image: 'registry.internal/dinkes/simpus:2.5.0-rc1', port: 8080})
  })

  it('reads hosts split across hosts/', async () => {
    const {inventory: inv, files} = await load('split-hosts')
    expect(files).toContain('hosts/services.yaml')
    expect(hostByName(inv, 'db1')?.at.file).toBe('hosts/services.yaml')
    expect(inv.hosts).toHaveLength(4)
  })

  it('warns about secrets nobody provides', async () => {
    const dir = path.join(FIX, 'minimal')
    const {warnings} = await loadInventory({dir, cwd: dir, environ: {}})
    expect(warnings.map((w) => [w.code, w.location.file, w.location.line])).toEqual([['INVENTORY_SECRET_MISSING', 'agencies/dinkes.yaml', 12]])
  })

  it('refuses a missing directory, a directory without site.yaml and an unknown overlay', async () => {
    expect((await rejection(loadInventory({dir: '/nonexistent/inv', cwd: '/'}))).code).toBe('INVENTORY_DIR_MISSING')
    const empty = mkdtempSync(path.join(tmpdir(), 'kotadc-empty-'))
    expect((await rejection(loadInventory({dir: empty}))).code).toBe('INVENTORY_NO_FILES')
    const env = await rejection(load('minimal', 'prod'))
    expect(env.code).toBe('INVENTORY_ENV_MISSING')
    expect(env.hint).toContain('lab')
    expect((await rejection(load('minimal', '../../etc'))).code).toBe('INVENTORY_ENV_INVALID')
  })

  it('says a regular file given as the inventory directory is not a directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kotadc-file-'))
    writeFileSync(path.join(dir, 'site.yaml'), 'schemaVersion: 1\n')
    const e = await rejection(loadInventory({dir: path.join(dir, 'site.yaml'), cwd: dir}))
    expect(e.code).toBe('INVENTORY_NOT_DIRECTORY')
    expect(e.message).toBe('site.yaml is not a directory')
  })

  it('refuses a FIFO named like an agency file instead of hanging on it', async () => {
    const dir = copyFixture('minimal')
    execFileSync('mkfifo', [path.join(dir, 'agencies', 'pipe.yaml')])
    const e = await rejection(loadInventory({dir, cwd: dir, environ: {}}))
    expect(e.code).toBe('INVENTORY_FILE_NOT_REGULAR')
    expect(e.message).toBe('agencies/pipe.yaml is a named pipe (FIFO), not a regular file')
  })

  it('refuses a file over the size limit before reading it', async () => {
    const dir = copyFixture('minimal')
    const big = path.join(dir, 'agencies', 'huge.yaml')
    writeFileSync(big, '')
    truncateSync(big, MAX_INVENTORY_FILE_BYTES + 1)
    const e = await rejection(loadInventory({dir, cwd: dir, environ: {}}))
    expect(e.code).toBe('INVENTORY_FILE_TOO_LARGE')
    expect(e.message).toContain('agencies/huge.yaml is 4.0 MiB')
  })

  // 200,000 minimal entries fit in 1.4 MB, well under the size limit, and overflowed a spread into push().
  it('validates an agency file of 200,000 workloads without overflowing the stack', () => {
    const lines = ['schemaVersion: 1', 'agency: {code: big, name: Big}', 'workloads:']
    for (let i = 0; i < 200_000; i++) lines.push('  - {}')
    const files = [
      {path: 'inv/site.yaml', text: 'schemaVersion: 1\nsite: {name: s, domain: s.example.go.id, timezone: UTC, ssh: {user: kotadc}}\n'},
      {path: 'inv/agencies/big.yaml', text: lines.join('\n') + '\n'},
    ]
    let thrown: unknown
    try {
      loadFromSources(files, {dir: 'inv'})
    } catch (e) {
      thrown = e
    }
    // Invalid (the host does not exist), but as typed inventory issues, not a RangeError.
    expect(thrown).toBeInstanceOf(InventoryInvalidError)
  }, 120_000)

  // root reads any file, so the permission cannot be taken away there
  it.skipIf(process.getuid?.() === 0)('reports an unreadable file as a user error with its path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kotadc-unreadable-'))
    writeFileSync(path.join(dir, 'site.yaml'), 'schemaVersion: 1\n')
    writeFileSync(path.join(dir, 'hosts.yaml'), 'hosts: []\n', {mode: 0o000})
    const e = await rejection(loadInventory({dir, cwd: dir}))
    expect(e.code).toBe('INVENTORY_FILE_UNREADABLE')
    expect(e.message).toContain('hosts.yaml')
  })
})
