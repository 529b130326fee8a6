import {existsSync} from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {runKotadc as cli} from '../helpers/cli.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const FIX = 'test/fixtures/inventory'
const STACK_FRAME = /^\s+at /m

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function kotadc(args: string[], extraEnv: Record<string, string> = {}): Run {
  const r = cli(args, {env: {NO_COLOR: '1', ...extraEnv}})
  return {code: r.status, stdout: r.stdout, stderr: r.stderr}
}

describe('kotadc validate (built CLI)', () => {
  beforeAll(() => {
    if (!existsSync(path.join(ROOT, 'dist/src/commands/validate.js')) || !existsSync(path.join(ROOT, 'oclif.manifest.json'))) {
      throw new Error('dist/ is missing: run `npm run build` first (npm test does it in pretest)')
    }
  })

  it('exits 0 on a valid inventory and prints warnings with file:line:col on stderr', () => {
    const r = kotadc(['validate', '-i', `${FIX}/valid/minimal`])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('inventory valid: site testdc')
    expect(r.stderr).toContain(`${FIX}/valid/minimal/agencies/dinkes.yaml:12:15  warning: workloads[0].secrets[0]`)
    expect(r.stderr).not.toMatch(STACK_FRAME)
  })

  it("plans the backups of the shipped example's VMs inside the VMs (they are hosts): no backup warning", () => {
    const r = kotadc(['validate', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const warnings = (JSON.parse(r.stdout) as {warnings: {code: string}[]}).warnings
    expect(warnings.filter((w) => w.code === 'INVENTORY_BACKUP_UNPLANNED')).toEqual([])
  })

  it('--json returns the documented result, with the overlay applied', () => {
    const r = kotadc(['validate', '-i', `${FIX}/valid/minimal`, '--env', 'lab', '--json'], {KOTADC_SECRET_SIMPUS_DB_PASSWORD: 'x'})
    expect(r.code, r.stderr).toBe(0)
    const json = JSON.parse(r.stdout)
    expect(json).toEqual({
      valid: true,
      site: 'testdc-lab',
      env: 'lab',
      files: ['site.yaml', 'hosts.yaml', 'agencies/dinkes.yaml', 'agencies/disdik.yaml', 'envs/lab.yaml'].map((f) => `${FIX}/valid/minimal/${f}`),
      counts: {networks: 2, hosts: 4, agencies: 2, workloads: 4, backupPolicies: 1},
      // The fixture's VM arsip is a host: its backup section is planned inside it.
      warnings: [],
    })
  })

  it('exits 1 listing every problem, sorted, without a stack trace', () => {
    const r = kotadc(['validate', '-i', `${FIX}/invalid/multi-file`])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    const located = r.stderr
      .split('\n')
      .filter((l) => /^\S+:\d+:\d+ {2}/.test(l))
      .map((l) => l.split('  ')[0])
    const base = `${FIX}/invalid/multi-file`
    expect(located).toEqual([
      `${base}/agencies/dinkes.yaml:12:15`,
      `${base}/agencies/dinkes.yaml:14:5`,
      `${base}/agencies/dinkes.yaml:18:11`,
      `${base}/hosts.yaml:10:14`,
      `${base}/site.yaml:35:15`,
    ])
    expect(r.stderr).toContain('fix: did you mean "domain"?')
    expect(r.stderr).toContain('inventory invalid: 4 errors, 1 warning')
    expect(r.stderr).not.toMatch(STACK_FRAME)
  })

  it('--json on failure carries every issue under error.details', () => {
    const r = kotadc(['validate', '-i', `${FIX}/invalid/yaml-syntax`, '--json'])
    expect(r.code).toBe(1)
    const {error} = JSON.parse(r.stdout)
    expect(error).toMatchObject({code: 'INVENTORY_INVALID', family: 'user', exitCode: 1})
    expect(
      error.details.issues.map((i: {code: string; location: {file: string; line: number}}) => [i.code, i.location.file, i.location.line]),
    ).toEqual([['INVENTORY_YAML_SYNTAX', `${FIX}/invalid/yaml-syntax/hosts.yaml`, 14]])
  })

  it('refuses another site and a missing directory with a fix, exit 1', () => {
    const site = kotadc(['validate', '-i', `${FIX}/valid/minimal`, '--site', 'otherdc'])
    expect(site.code).toBe(1)
    expect(site.stderr).toContain('[INVENTORY_SITE_MISMATCH]')
    expect(site.stderr).toContain('fix:')
    const missing = kotadc(['validate', '--json'], {KOTADC_INVENTORY: `${FIX}/does-not-exist`})
    expect(missing.code).toBe(1)
    expect(JSON.parse(missing.stdout).error.code).toBe('INVENTORY_DIR_MISSING')
    expect(missing.stderr).not.toMatch(STACK_FRAME)
  })
})
