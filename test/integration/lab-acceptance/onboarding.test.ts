import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateIdentity} from 'age-encryption'
import {parse} from 'yaml'
import {beforeAll, describe, expect, it} from 'vitest'
import {runKotadc as cli, type CliRun} from '../../helpers/cli.js'
import {LAB_CLI_TIMEOUT_MS, LAB_TEST_TIMEOUT_MS, labFenceEnv, requireLab, writeExampleSite} from '../../helpers/lab.js'
import {labHooks} from '../../helpers/lab-state.js'

// Issue 13 acceptance: a new agency with a web-app onboarded from a request file without a terminal, by the BUILT
// CLI, on a trimmed copy of the example (docker1, db1, backup1, net1) in the lab under its own site name and pool
// (10.2-9: the other lab files use 10.20 and up). The containers phase needs the docker provider from the terraform
// registry, which this machine cannot reach: it is taken as far as `stacks synth`.
const repo = join(import.meta.dirname, '..', '..', '..')
const req = requireLab()
if (req.ok && !existsSync(join(repo, 'dist', 'src', 'commands', 'workload', 'add.js'))) {
  throw new Error('kotadc is not built: run `npm run build` (the npm test scripts do it in pretest)')
}
const site = `iss13-${process.pid}`
const pool = `10.${2 + (process.pid % 8)}.0.0/16`
const DOMAIN = 'kotamobagukota.go.id'
const WISATA = `wisata.${DOMAIN}`
const container = (host: string): string => `kotadc-lab-${site}-${host}`
const inContainer = (host: string, script: string): string =>
  execFileSync('docker', ['exec', container(host), 'bash', '-c', script], {encoding: 'utf8', timeout: 60_000})

const HOSTS_YAML = `# a trimmed copy of the example's hosts
hosts:
  - {name: docker1, address: 10.10.0.21, network: mgmt, roles: [docker], vars: {dockerService: false}}
  - {name: db1, address: 10.10.0.31, network: mgmt, roles: [database]}
  - {name: backup1, address: 10.10.0.41, network: mgmt, roles: [backup], vars: {repositoryPath: /srv/restic}}
  - {name: net1, address: 10.10.0.51, network: mgmt, roles: [dns, proxy]}
`
const REQUEST = `# Request form of Dinas Pariwisata (docs/onboarding.md)
agency:
  code: dinpar
  name: Dinas Pariwisata
  contact: { name: Kepala Bidang Destinasi, email: destinasi.dinpar@${DOMAIN} }
workloads:
  - name: wisata
    template: web-app
    image: registry.internal/dinpar/wisata:1.0.0
`

/** Every regular file under `dir` whose bytes contain `needle` (what `grep -rl` would list). */
function filesContaining(dir: string, needle: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    const s = statSync(p)
    if (s.isDirectory()) out.push(...filesContaining(p, needle))
    else if (s.isFile() && readFileSync(p).includes(needle)) out.push(p)
  }
  return out
}

describe.skipIf(!req.ok)(
  `in the lab: onboarding an agency with a web-app from a request file${req.reason ? ` (skipped: ${req.reason})` : ''}`,
  {timeout: LAB_TEST_TIMEOUT_MS},
  () => {
    let tmp: string
    const outputs: string[] = []
    const kotadc = (...args: string[]): CliRun => {
      const r = cli([...args, '-i', join(tmp, 'inventory')], {
        cwd: tmp,
        timeoutMs: LAB_CLI_TIMEOUT_MS,
        env: {...labFenceEnv(pool), KOTADC_AGE_IDENTITY: join(tmp, 'age.txt')},
      })
      outputs.push(r.stdout, r.stderr)
      return r
    }
    const ok = (r: CliRun): CliRun => {
      expect(r.status, `${r.stderr.slice(-3000)}\n${r.stdout.slice(-3000)}`).toBe(0)
      return r
    }
    const secretValues = (): string[] =>
      ['WISATA_DB_PASSWORD', 'WISATA_APP_KEY'].map((n) => {
        const r = cli(['secrets', 'get', n, '--reveal', '--json', '-i', join(tmp, 'inventory')], {
          cwd: tmp,
          env: {KOTADC_AGE_IDENTITY: join(tmp, 'age.txt')},
        })
        expect(r.status, r.stderr).toBe(0)
        return r.json().value as string
      })

    beforeAll(async () => {
      tmp = mkdtempSync(join(tmpdir(), 'kotadc-accept-onboard-'))
      const inv = join(tmp, 'inventory')
      mkdirSync(join(inv, 'agencies'), {recursive: true})
      writeExampleSite(join(inv, 'site.yaml'), site)
      writeFileSync(join(inv, 'hosts.yaml'), HOSTS_YAML)
      writeFileSync(join(tmp, 'request.yaml'), REQUEST)
      writeFileSync(join(tmp, 'age.txt'), `${await generateIdentity()}\n`, {mode: 0o600})
      const up = kotadc('lab', 'up', '--pool', pool, '--json')
      if (up.status !== 0) throw new Error(`kotadc lab up failed (${up.status}):\n${up.stderr}\n${up.stdout}`)
      // The site's own secrets: its CA (for the proxy) and the restic passwords of the two backup sources.
      ok(kotadc('pki', 'init', '--json'))
      for (const n of ['RESTIC_PASSWORD_DOCKER1', 'RESTIC_PASSWORD_DB1']) ok(kotadc('secrets', 'generate', n, '--yes', '--json'))
    })
    labHooks(
      site,
      () => tmp,
      () => kotadc('lab', 'down', '--yes'),
    )

    it('agency add --from-file without a terminal writes the agency, generates its secrets and plans its hosts in the lab', () => {
      const refused = kotadc('agency', 'add', '--from-file', join(tmp, 'request.yaml'), '--env', 'lab', '--json')
      expect(refused.status).toBe(1)
      expect(refused.json().error.code).toBe('CONFIRMATION_REQUIRED')
      expect(existsSync(join(tmp, 'inventory', 'agencies', 'dinpar.yaml'))).toBe(false)

      const r = ok(kotadc('agency', 'add', '--from-file', join(tmp, 'request.yaml'), '--env', 'lab', '--yes', '--json'))
      const out = r.json()
      expect(out).toMatchObject({agency: 'dinpar', agencyCreated: true, file: join('inventory', 'agencies', 'dinpar.yaml')})
      expect(out.workloads[0]).toMatchObject({
        name: 'wisata',
        template: 'web-app',
        entries: ['wisata', 'wisata-db'],
        values: {host: 'docker1', port: 8000, dbHost: 'db1', domain: WISATA, policy: 'standard'},
      })
      expect(out.secrets).toEqual([
        {name: 'WISATA_DB_PASSWORD', action: 'generated'},
        {name: 'WISATA_APP_KEY', action: 'generated'},
      ])
      // The closing plan: only the agency's hosts (docker1, db1), in the lab.
      expect(out.plan).toMatchObject({ran: true, limit: 'agency:dinpar', result: {env: 'lab'}})
      const base = out.plan.result.phases.find((p: {name: string}) => p.name === 'base')
      expect(base.hosts.map((h: {host: string}) => h.host).sort()).toEqual(['db1', 'docker1'])
      expect(out.nextSteps.map((s: string) => s.split(':')[0])).toEqual(['review', 'commit', 'deploy'])

      const file = parse(readFileSync(join(tmp, 'inventory', 'agencies', 'dinpar.yaml'), 'utf8'))
      expect(file.workloads.map((w: {name: string}) => w.name)).toEqual(['wisata', 'wisata-db'])
      expect(file.workloads[0]).toMatchObject({secrets: ['WISATA_DB_PASSWORD', 'WISATA_APP_KEY'], backup: {policy: 'standard', volumes: ['data']}})
    })

    it('validate passes, with and without the lab overlay', () => {
      expect(ok(kotadc('validate', '--json')).json()).toMatchObject({valid: true, counts: {agencies: 1, workloads: 2}})
      ok(kotadc('validate', '--env', 'lab', '--json'))
    })

    it('the new secrets are in secrets.age and nowhere else on disk or in any output', () => {
      const values = secretValues()
      expect(values.every((v) => v.length === 32)).toBe(true)
      for (const v of values) {
        expect(filesContaining(tmp, v)).toEqual([])
        expect(outputs.filter((o) => o.includes(v))).toEqual([])
      }
    })

    it('deploy --env lab brings up the agency’s base, DNS record, proxy site and backups; the containers stack synthesizes', () => {
      const r = ok(kotadc('deploy', '--env', 'lab', '--yes', '--json', '--phase', 'base', '--phase', 'dns', '--phase', 'proxy', '--phase', 'backups'))
      expect(r.json().phases.map((p: {name: string; status: string}) => `${p.name}:${p.status}`)).toEqual([
        'base:changed',
        'dns:changed',
        'proxy:changed',
        'backups:changed',
      ])
      const net1 = kotadc('inventory', 'show', 'net1', '--env', 'lab', '--json').json().fields.address as string
      expect(inContainer('docker1', `dig +short +time=2 +tries=3 @${net1} ${WISATA} A`).trim()).toBe(net1)
      expect(inContainer('net1', `grep -l 'server_name ${WISATA}' /etc/nginx/conf.d/*.conf`)).toContain(WISATA)
      // The upstream is docker1 at the port allocated for wisata.
      expect(inContainer('net1', `grep -h -A2 '^upstream' $(grep -l 'server_name ${WISATA}' /etc/nginx/conf.d/*.conf)`)).toMatch(
        /server [0-9.]+:8000;/,
      )
      expect(inContainer('docker1', 'grep -c wisata /usr/local/sbin/kotadc-backup-standard').trim()).not.toBe('0')
      expect(inContainer('db1', 'grep -c wisata /usr/local/sbin/kotadc-backup-standard').trim()).not.toBe('0')

      const synth = ok(kotadc('stacks', 'synth', '--env', 'lab', '--json'))
      expect(JSON.stringify(synth.json())).toContain('docker1')
      const stack = filesContaining(join(tmp, '.kotadc'), 'registry.internal/dinpar/wisata:1.0.0')
      expect(stack.length, 'the docker1 stack names the wisata image').toBeGreaterThan(0)
      // After the deploy too, the values live only in secrets.age (the stack names variables, never values).
      for (const v of secretValues()) {
        expect(filesContaining(tmp, v)).toEqual([])
        expect(outputs.filter((o) => o.includes(v))).toEqual([])
      }
    })

    it('workload remove refuses while the data has no backup it can show; --without-final-backup removes and lists what is left', () => {
      const refused = kotadc('workload', 'remove', 'dinpar', 'wisata', '--env', 'lab', '--yes', '--json')
      expect(refused.status, refused.stdout).toBe(1)
      // Nothing was ever backed up: the repository is not even initialized, so its status cannot be read.
      expect(refused.json().error).toMatchObject({
        code: 'ONBOARD_REMOVE_BACKUP_STALE',
        message: expect.stringContaining('wisata: its backup status could not be read'),
        hint: expect.stringContaining('--without-final-backup'),
      })
      expect(parse(readFileSync(join(tmp, 'inventory', 'agencies', 'dinpar.yaml'), 'utf8')).workloads).toHaveLength(2)

      const r = ok(kotadc('workload', 'remove', 'dinpar', 'wisata', '--without-final-backup', '--yes', '--json'))
      expect(r.json()).toMatchObject({removed: ['wisata', 'wisata-db'], backups: null})
      expect(r.json().byHand).toContainEqual(expect.stringContaining('database(s) wisata and role wisata-db on db1'))
      expect(parse(readFileSync(join(tmp, 'inventory', 'agencies', 'dinpar.yaml'), 'utf8')).workloads).toEqual([])
      ok(kotadc('validate', '--json'))
    })
  },
)
