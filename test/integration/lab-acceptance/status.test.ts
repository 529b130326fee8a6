import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {repositoryDir} from '../../../src/backup/conventions.js'
import {connectSsh, sshStats} from '../../../src/exec/ssh/index.js'
import {openInventory} from '../../../src/services/inventory-open.js'
import {defaultStatusDeps, gatherStatus} from '../../../src/services/status/gather.js'
import type {StatusSnapshot} from '../../../src/status/model.js'
import {runKotadc as cli} from '../../helpers/cli.js'
import {dockerObjects, LAB_CLI_TIMEOUT_MS, LAB_TEST_TIMEOUT_MS, labFenceEnv, requireLab, writeLabInventory, labUpOrThrow} from '../../helpers/lab.js'
import {labHooks} from '../../helpers/lab-state.js'

// Issue 14 acceptance: `kotadc status` of the BUILT CLI on a deployed lab (PostgreSQL on db1 backed up with restic
// to backup1, one drill run): all well and exit 0; then PostgreSQL stopped and the snapshot deleted, and status exits
// 2 naming both. Own site name and pool (10.2-10.8; bench:status uses 10.9, the other lab files 10.20 and up). The healthy snapshot is
// kept as test-results/status-lab.json, a real lab snapshot for the report's browser test.
const repo = join(import.meta.dirname, '..', '..', '..')
const req = requireLab()
if (req.ok && !existsSync(join(repo, 'dist', 'src', 'commands', 'status.js'))) {
  throw new Error('kotadc is not built: run `npm run build` (the npm test scripts do it in pretest)')
}
const site = `iss14-${process.pid}`
const pool = `10.${2 + (process.pid % 7)}.0.0/16`
const HOSTS = ['backup1', 'db1']
const container = (host: string): string => `kotadc-lab-${site}-${host}`
const inContainer = (host: string, script: string): string =>
  execFileSync('docker', ['exec', container(host), 'sh', '-c', script], {encoding: 'utf8', timeout: 60_000})

const HOSTS_YAML = `hosts:
  - {name: db1, address: 10.10.0.31, network: mgmt, roles: [database]}
  - {name: backup1, address: 10.10.0.41, network: mgmt, roles: [backup]}
`
const DINKES = `agency: {code: dinkes, name: Dinas Kesehatan}
workloads:
  - {name: simpus-db, kind: postgres, host: db1, databases: [simpus], backup: {policy: standard}}
`

describe.skipIf(!req.ok)(
  `in the lab: kotadc status sees a deployed site whole, then a stopped service and a lost snapshot${req.reason ? ` (skipped: ${req.reason})` : ''}`,
  {timeout: LAB_TEST_TIMEOUT_MS},
  () => {
    let tmp: string
    const kotadc = (...args: string[]) =>
      cli([...args, '-i', join(tmp, 'inventory')], {
        cwd: tmp,
        timeoutMs: LAB_CLI_TIMEOUT_MS,
        env: {
          ...labFenceEnv(pool),
          KOTADC_SECRET_SIMPUS_DB_PASSWORD: 'lab simpus-db password',
          KOTADC_SECRET_RESTIC_PASSWORD_DB1: 'lab db1 restic password',
        },
      })
    const lab = (...args: string[]) => {
      const r = kotadc(...args, '--env', 'lab')
      return r
    }
    const status = () => {
      const r = lab('status', '--json')
      return {...r, snapshot: (): StatusSnapshot => r.json()}
    }

    beforeAll(() => {
      tmp = mkdtempSync(join(tmpdir(), 'kotadc-accept-status-'))
      writeLabInventory(tmp, site, {'hosts.yaml': HOSTS_YAML, 'agencies/dinkes.yaml': DINKES})
      labUpOrThrow(kotadc, pool)
    })
    labHooks(
      site,
      () => tmp,
      () => kotadc('lab', 'down', '--yes'),
    )

    it('deployed, backed up and drilled: every host reachable, every service up, exit 0, one connection per host', async () => {
      expect(dockerObjects('containers', `kotadc.lab=${site}`)).toEqual(HOSTS.map(container).sort())
      const deploy = lab('deploy', '--phase', 'base', '--phase', 'databases', '--phase', 'backups', '--yes', '--json')
      expect(deploy.status, deploy.stderr + deploy.stdout.slice(0, 4000)).toBe(0)
      const run = lab('backup', 'run', '--json')
      expect(run.status, run.stderr + run.stdout.slice(0, 4000)).toBe(0)
      const drill = lab('backup', 'drill', '--json')
      expect(drill.status, drill.stderr + drill.stdout.slice(0, 4000)).toBe(0)

      const r = status()
      expect(r.status, r.stderr + r.stdout.slice(0, 4000)).toBe(0)
      const s = r.snapshot()
      mkdirSync(join(repo, 'test-results'), {recursive: true})
      writeFileSync(join(repo, 'test-results', 'status-lab.json'), `${JSON.stringify(s, null, 2)}\n`)
      expect(s).toMatchObject({site, env: 'lab', overall: 'ok', problems: []})
      expect(s.hosts.map((h) => [h.name, h.reachable])).toEqual([
        ['db1', true],
        ['backup1', true],
      ])
      for (const h of s.hosts) {
        expect(h.os).toMatch(/Debian/)
        expect(h.memory?.totalBytes).toBeGreaterThan(0)
        expect(h.filesystems?.some((f) => f.mount === '/')).toBe(true)
      }
      expect(s.agencies).toEqual([
        {
          code: 'dinkes',
          name: 'Dinas Kesehatan',
          workloads: [{name: 'simpus-db', agency: 'dinkes', kind: 'database', host: 'db1', state: 'running'}],
        },
      ])
      expect(s.backups).toEqual([
        expect.objectContaining({workload: 'simpus-db', status: 'fresh', policy: 'standard', lastDrill: {at: expect.any(String), passed: true}}),
      ])
      expect(s.deploys[0]).toMatchObject({seq: 1, outcome: 'succeeded', phases: ['base', 'databases', 'backups']})
      expect(s.timing?.connectMs).toBeGreaterThan(0)

      // The human form says the same, and the progress (stderr) names each host.
      const human = lab('status')
      expect(human.status).toBe(0)
      expect(human.stdout).toContain(`${site}: all well`)
      expect(human.stderr).toMatch(/\[db1\] ok/)

      // The same pass in this process, counting real SSH handshakes: host facts, pki status and backup status share one per host.
      const environ = {PATH: process.env.PATH, HOME: process.env.HOME, ...labFenceEnv(pool)}
      const {inventory} = await openInventory({dir: join(tmp, 'inventory'), env: 'lab', environ})
      const dialled: string[] = []
      const before = sshStats.connections
      // connectSsh fences with this process's environment: narrowed to this test's pool for the call.
      const fence = process.env.KOTADC_ALLOWED_NETWORKS
      process.env.KOTADC_ALLOWED_NETWORKS = labFenceEnv(pool).KOTADC_ALLOWED_NETWORKS
      const again = await gatherStatus(
        inventory,
        {cwd: tmp, environ},
        {...defaultStatusDeps(), connect: (t) => (dialled.push(t.host), connectSsh(t))},
      ).finally(() => (process.env.KOTADC_ALLOWED_NETWORKS = fence))
      expect(again.problems).toEqual([])
      expect(again.overall).toBe('ok')
      expect(dialled.sort()).toEqual(HOSTS)
      expect(sshStats.connections - before).toBe(HOSTS.length)
    })

    it('with PostgreSQL stopped and the snapshot deleted, status exits 2 and names both, each with its command', () => {
      inContainer('db1', '/etc/init.d/postgresql stop >/dev/null')
      const snaps = `${repositoryDir('db1')}/snapshots`
      expect(inContainer('backup1', `ls ${snaps} | wc -l`).trim()).toBe('1')
      inContainer('backup1', `rm -f ${snaps}/*`)

      const r = status()
      expect(r.status, r.stderr + r.stdout.slice(0, 4000)).toBe(2)
      const s = r.snapshot()
      expect(s.overall).toBe('attention')
      expect(s.hosts.every((h) => h.reachable)).toBe(true)
      expect(s.problems).toEqual([
        {
          kind: 'workload',
          subject: 'simpus-db',
          message: expect.stringMatching(/^stopped: PostgreSQL did not answer/),
          command: 'kotadc db list --env lab',
          severity: 'attention',
        },
        {
          kind: 'backup',
          subject: 'simpus-db',
          message: 'no snapshot (policy standard)',
          command: 'kotadc backup status --limit agency:dinkes --env lab',
          severity: 'attention',
        },
      ])
      const human = lab('status')
      expect(human.status).toBe(2)
      expect(human.stdout).toMatch(/PROBLEMS\nworkload simpus-db: stopped: PostgreSQL did not answer[^\n]*\n {2}more: kotadc db list --env lab/)
      expect(human.stdout).toContain('backup simpus-db: no snapshot (policy standard)')
    })
  },
)
