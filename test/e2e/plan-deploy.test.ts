import {chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runKotadc as cli} from '../helpers/cli.js'
import {requireBinary} from '../helpers/require.js'

const repo = join(import.meta.dirname, '..', '..')

/** Moves a copied inventory's 10.x networks to loopback: the run is fenced to it (KOTADC_ALLOWED_NETWORKS). */
function toLoopback(dir: string): void {
  for (const e of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (!e.isFile() || !e.name.endsWith('.yaml')) continue
    const p = join(e.parentPath, e.name)
    writeFileSync(p, readFileSync(p, 'utf8').replaceAll(/\b10\.(10|20)\./g, '127.$1.'))
  }
}
const built = existsSync(join(repo, 'dist', 'src', 'commands', 'plan.js'))
const terraform = requireBinary('terraform')
const reason = !built ? 'kotadc is not built (npm run build)' : terraform.reason

describe.skipIf(reason !== undefined)(`kotadc plan / deploy / stacks synth (spawned)${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let tmp: string
  let offline: string
  const kotadc = (args: string[], env: Record<string, string | undefined> = {}, inventory = 'inventory') =>
    cli([...args, '-i', join(tmp, inventory)], {
      cwd: tmp,
      env: {KOTADC_SECRET_SIMPUS_DB_PASSWORD: 'pw-e2e-1234', TF_CLI_CONFIG_FILE: offline, ...env},
    })

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'kotadc-e2e-plan-'))
    cpSync(join(repo, 'test', 'fixtures', 'inventory', 'valid', 'minimal'), join(tmp, 'inventory'), {recursive: true})
    toLoopback(join(tmp, 'inventory'))
    cpSync(join(repo, 'test', 'fixtures', 'inventory', 'invalid', 'bad-kind'), join(tmp, 'broken'), {recursive: true})
    // The registry's provider service pointed at a closed loopback port: an air-gapped site without a mirror.
    offline = join(tmp, 'offline.tfrc')
    writeFileSync(offline, 'host "registry.terraform.io" {\n  services = {\n    "providers.v1" = "http://127.0.0.1:9/v1/providers/"\n  }\n}\n')
  })
  afterAll(() => rmSync(tmp, {recursive: true, force: true}))

  it('plan on an invalid inventory exits 1 with the issues', () => {
    const r = kotadc(['plan', '--json'], {}, 'broken')
    expect(r.status).toBe(1)
    expect(r.json().error.code).toBe('INVENTORY_INVALID')
  })

  it('stacks synth writes the stack once; the second run rewrites nothing', () => {
    const first = kotadc(['stacks', 'synth', '--json'])
    expect(first.status, first.stderr).toBe(0)
    expect(first.json().stacks.map((s: {stack: string; written: string[]}) => [s.stack, s.written.length > 0])).toEqual([['docker-docker1', true]])
    const second = kotadc(['stacks', 'synth', '--json'])
    expect(second.json()).toMatchObject({written: 0, stacks: [{stack: 'docker-docker1', written: []}]})
  })

  it('plaintext secrets on the admin machine: under a loose umask, .kotadc/ left open by an older run ends up private', () => {
    const kotadcDir = join(tmp, '.kotadc')
    const walk = (p: string): string[] => [p, ...(lstatSync(p).isDirectory() ? readdirSync(p).flatMap((n) => walk(join(p, n))) : [])]
    for (const p of walk(kotadcDir)) chmodSync(p, lstatSync(p).isDirectory() ? 0o755 : 0o644)
    const umask = process.umask(0o022)
    try {
      expect(kotadc(['stacks', 'synth', '--json']).status).toBe(0)
      // terraform init runs here (and fails offline): what it creates under the stack is private from birth.
      kotadc(['plan', '--phase', 'containers', '--json'])
    } finally {
      process.umask(umask)
    }
    const open = walk(kotadcDir).filter((p) => !lstatSync(p).isSymbolicLink() && (lstatSync(p).mode & 0o077) !== 0)
    expect(open).toEqual([])
    expect(walk(kotadcDir).some((p) => p.endsWith('.terraform'))).toBe(true)
    expect(walk(kotadcDir).filter((p) => p.endsWith('.tfplan'))).toEqual([])
  })

  it('plan --phase containers without an installable provider: exit 3, JSON names the provider error and its fix', () => {
    const r = kotadc(['plan', '--phase', 'containers', '--json'])
    expect(r.status, r.stderr).toBe(3)
    const out = r.json()
    expect(out.phases).toHaveLength(1)
    expect(out.phases[0]).toMatchObject({
      name: 'containers',
      status: 'failed',
      error: {code: 'TF_PROVIDER_MISSING', hint: expect.stringContaining('kotadc providers mirror')},
    })
  })

  it('plan --phase containers with a secret missing and no provider: both reported at once, the provider (exit 3) first', () => {
    const r = kotadc(['plan', '--phase', 'containers', '--json'], {KOTADC_SECRET_SIMPUS_DB_PASSWORD: undefined})
    expect(r.status).toBe(3)
    expect(r.json().phases[0].error).toMatchObject({
      code: 'TF_PROVIDER_MISSING',
      also: [{code: 'DEPLOY_SECRETS_MISSING', hint: expect.stringContaining('KOTADC_SECRET_SIMPUS_DB_PASSWORD')}],
    })
  })

  it('deploy without --yes and without a terminal refuses before changing anything', () => {
    const r = kotadc(['deploy', '--phase', 'base'])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('CONFIRMATION_REQUIRED')
    // deploy has no --check: the hint names the command that previews it.
    expect(r.stderr).toContain('see first what it would do with kotadc plan')
    expect(r.stderr).not.toContain('--check')
    expect(existsSync(join(tmp, '.kotadc', 'audit.jsonl'))).toBe(false)
  })

  it('deploy with the provider missing fails in preflight with the provider error (exit 3) and writes no audit', () => {
    // The base, docker-host and container phases only: without a site CA the proxy phase would stop the preflight first (PKI_NO_CA).
    const r = kotadc(['deploy', '--yes', '--phase', 'base', '--phase', 'docker-hosts', '--phase', 'containers'])
    expect(r.status).toBe(3)
    expect(r.stderr).toContain('TF_PROVIDER_MISSING')
    expect(r.stderr).toContain('fix:')
    expect(existsSync(join(tmp, '.kotadc', 'audit.jsonl'))).toBe(false)
  })

  it('an unknown phase is a usage error listing the phases', () => {
    const r = kotadc(['plan', '--phase', 'bogus'])
    expect(r.status).toBe(2)
    // oclif wraps the list at the terminal width, so look for each name.
    for (const phase of ['base', 'docker-hosts', 'containers', 'dns', 'proxy', 'firewall']) expect(r.stderr).toContain(phase)
  })
})
