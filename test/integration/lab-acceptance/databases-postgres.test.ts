import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runKotadc as cli} from '../../helpers/cli.js'
import {labFenceEnv, requireLab, writeExampleSite} from '../../helpers/lab.js'

// Issue 12 acceptance: the databases phase of the BUILT CLI against Debian's PostgreSQL in a lab container (started
// with pg_ctlcluster: there is no systemd in the lab), with clients in two other lab containers.
const repo = join(import.meta.dirname, '..', '..', '..')
const req = requireLab()
if (req.ok && !existsSync(join(repo, 'dist', 'src', 'services', 'databases', 'prepared.js'))) {
  throw new Error('kotadc is not built: run `npm run build` (the npm test scripts do it in pretest)')
}
const site = `iss12-${process.pid}`
const net = `10.${60 + (process.pid % 40)}`
const pool = `${net}.0.0/16`
const DB = `${net}.0.31`
const container = (host: string): string => `kotadc-lab-${site}-${host}`
const sh = (host: string, script: string, env: Record<string, string> = {}) =>
  spawnSync('docker', ['exec', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), container(host), 'sh', '-c', script], {
    encoding: 'utf8',
    timeout: 60_000,
  })
const PASSWORD_1 = "first 'pass\"word' $(id) ;x"
const PASSWORD_2 = 'second-Pässwort-rotated'

const HOSTS_YAML = `hosts:
  - {name: docker1, address: 10.10.0.21, network: mgmt, roles: [docker]}
  - {name: docker2, address: 10.10.0.22, network: mgmt, roles: [docker]}
  - {name: db1, address: 10.10.0.31, network: mgmt, roles: [database]}
  - {name: backup1, address: 10.10.0.41, network: mgmt, roles: [backup]}
`
const DINKES = `agency: {code: dinkes, name: Dinas Kesehatan}
workloads:
  - {name: simpus, kind: container, host: docker1, image: "registry.internal/dinkes/simpus:2.4.1"}
  - {name: simpus-db, kind: postgres, host: db1, databases: [simpus, simpus_arsip], backup: {policy: standard}}
`
const DISDIK = `agency: {code: disdik, name: Dinas Pendidikan}
workloads:
  - {name: ppdb, kind: container, host: docker2, image: "registry.internal/disdik/ppdb:2025.1.3"}
  - {name: ppdb-db, kind: postgres, host: db1, databases: [ppdb]}
`

interface TaskReport {
  name: string
  status: string
  summary: string
  notice?: string
  error?: {code: string}
}
interface PhaseReport {
  name: string
  status: string
  hosts?: {host: string; status: string; tasks: TaskReport[]}[]
}

describe.skipIf(!req.ok)(
  `in the lab: PostgreSQL roles, databases and pg_hba.conf from the inventory${req.reason ? ` (skipped: ${req.reason})` : ''}`,
  {timeout: 600_000},
  () => {
    let tmp: string
    let password = PASSWORD_1
    const outputs: string[] = []
    const kotadc = (...args: string[]) => {
      const r = cli([...args, '-i', join(tmp, 'inventory')], {
        cwd: tmp,
        timeoutMs: 500_000,
        env: {
          ...labFenceEnv(pool),
          KOTADC_SECRET_SIMPUS_DB_PASSWORD: password,
          KOTADC_SECRET_PPDB_DB_PASSWORD: 'ppdb lab password',
          KOTADC_SECRET_RESTIC_PASSWORD_DB1: 'lab db1 restic password',
        },
      })
      outputs.push(r.stdout, r.stderr)
      return r
    }
    const deploy = (...phases: string[]) => {
      const r = kotadc('deploy', '--env', 'lab', '--yes', '--json', ...phases.flatMap((p) => ['--phase', p]))
      return {...r, phases: (): PhaseReport[] => r.json().phases}
    }
    const dbTasks = (phases: PhaseReport[]) => phases.find((p) => p.name === 'databases')?.hosts?.find((h) => h.host === 'db1')?.tasks ?? []
    const connect = (from: string, user: string, db: string, pw: string) =>
      sh(from, `psql "host=${DB} user=${user} dbname=${db} connect_timeout=5" -Atc 'SELECT current_user'`, {PGPASSWORD: pw})

    beforeAll(() => {
      tmp = mkdtempSync(join(tmpdir(), 'kotadc-accept-db-'))
      const inv = join(tmp, 'inventory')
      mkdirSync(join(inv, 'agencies'), {recursive: true})
      writeExampleSite(join(inv, 'site.yaml'), site)
      writeFileSync(join(inv, 'hosts.yaml'), HOSTS_YAML)
      writeFileSync(join(inv, 'agencies', 'dinkes.yaml'), DINKES)
      writeFileSync(join(inv, 'agencies', 'disdik.yaml'), DISDIK)
      const up = kotadc('lab', 'up', '--pool', pool, '--json')
      if (up.status !== 0) throw new Error(`kotadc lab up failed (${up.status}):\n${up.stderr}\n${up.stdout}`)
    })
    afterAll(() => {
      if (tmp === undefined) return
      kotadc('lab', 'down', '--yes')
      rmSync(tmp, {recursive: true, force: true})
    })

    it("deploy base + databases creates the roles and databases; the password never shows in db1's process list", async () => {
      // Sample db1's process list for the whole deploy (what `ps` shows any user there).
      // The sampler writes inside the container (the deploy below blocks this process); its own pid file ends it.
      expect(
        sh('db1', 'sh -c \'echo $$ > /tmp/sampler.pid; exec sh -c "while :; do ps -eo args >> /tmp/ps-samples; sleep 0.05; done"\' >/dev/null 2>&1 &')
          .status,
      ).toBe(0)
      const r = deploy('base', 'databases')
      sh('db1', 'kill "$(cat /tmp/sampler.pid)"')
      const sampled = sh('db1', 'cat /tmp/ps-samples').stdout
      expect(r.status, r.stderr + r.stdout.slice(0, 4000)).toBe(0)
      expect(r.phases().map((p) => `${p.name}:${p.status}`)).toEqual(['base:changed', 'databases:changed'])
      const summaries = dbTasks(r.phases())
        .filter((t) => t.status === 'changed')
        .map((t) => t.summary)
      expect(summaries).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^create login role simpus-db .*: CREATE ROLE "simpus-db" LOGIN PASSWORD '\*\*\*';$/),
          'create database simpus_arsip owned by simpus-db: CREATE DATABASE "simpus_arsip" OWNER "simpus-db";',
          expect.stringMatching(/^reloaded: \+ host "simpus" "simpus-db" [\d.]+\/32 scram-sha-256/),
        ]),
      )
      expect(summaries.some((s) => /listen_addresses, password_encryption changed: (restart|start)/.test(s))).toBe(true)
      expect(sampled).toContain('psql')
      expect(sampled).not.toContain(PASSWORD_1)
      expect(sampled).not.toContain('SCRAM-SHA-256$')
    })

    it("a client on the allowed docker host connects with the secret's password; another lab host is rejected by pg_hba", () => {
      expect(connect('docker1', 'simpus-db', 'simpus', password)).toMatchObject({status: 0, stdout: 'simpus-db\n'})
      const other = connect('docker2', 'simpus-db', 'simpus', password)
      expect(other.status).not.toBe(0)
      expect(other.stderr).toMatch(/pg_hba\.conf rejects connection/)
      expect(connect('docker2', 'ppdb-db', 'ppdb', 'ppdb lab password')).toMatchObject({status: 0, stdout: 'ppdb-db\n'})
      // Each database only for its own role, even from an allowed host.
      expect(connect('docker2', 'ppdb-db', 'simpus', 'ppdb lab password').stderr).toMatch(/pg_hba\.conf rejects connection/)
    })

    it('a second deploy changes nothing; a database made by hand is reported, never dropped', () => {
      expect(sh('db1', 'runuser -u postgres -- createdb leftover').status).toBe(0)
      const r = deploy('databases')
      expect(r.status, r.stderr).toBe(0)
      expect(r.phases().map((p) => p.status)).toEqual(['unchanged'])
      expect(
        dbTasks(r.phases())
          .filter((t) => t.notice)
          .map((t) => t.notice),
      ).toEqual([expect.stringMatching(/^database leftover: not in the inventory; kotadc never drops/)])
      expect(sh('db1', `runuser -u postgres -- psql -Atc "SELECT count(*) FROM pg_database WHERE datname = 'leftover'"`).stdout).toBe('1\n')
      const plan = kotadc('plan', '--env', 'lab', '--phase', 'databases')
      expect(plan.status, plan.stderr).toBe(0)
      expect(plan.stdout).toMatch(/note not in the inventory: database leftover/)
    })

    it('db list reads databases, owners, sizes and connections from the server', () => {
      const r = kotadc('db', 'list', '--env', 'lab', '--json')
      expect(r.status, r.stderr).toBe(0)
      const rows = r.json().databases as {
        host: string
        name: string
        owner: string
        sizeBytes: number
        connections: number
        workload: string | null
      }[]
      expect(rows.map((d) => [d.host, d.name, d.owner, d.workload])).toEqual([
        ['db1', 'leftover', 'postgres', null],
        ['db1', 'postgres', 'postgres', null],
        ['db1', 'ppdb', 'ppdb-db', 'ppdb-db'],
        ['db1', 'simpus', 'simpus-db', 'simpus-db'],
        ['db1', 'simpus_arsip', 'simpus-db', 'simpus-db'],
      ])
      expect(rows.every((d) => d.sizeBytes > 0 && d.connections >= 0)).toBe(true)
      expect(kotadc('db', 'list', '--env', 'lab').stdout).toMatch(/^db1 +leftover +postgres .* not in the inventory \(kept\)$/m)
    })

    it('rotating the secret changes the password: plan shows it masked, the old one is rejected, the new one accepted', () => {
      password = PASSWORD_2
      const plan = kotadc('plan', '--env', 'lab', '--phase', 'databases')
      expect(plan.status, plan.stderr).toBe(2)
      expect(plan.stdout).toContain(`would set the password of role simpus-db from secret SIMPUS_DB_PASSWORD: ALTER ROLE "simpus-db" PASSWORD '***';`)
      const r = deploy('databases')
      expect(r.status, r.stderr).toBe(0)
      expect(
        dbTasks(r.phases())
          .filter((t) => t.status === 'changed')
          .map((t) => t.name),
      ).toEqual(['role'])
      expect(connect('docker1', 'simpus-db', 'simpus', PASSWORD_1).stderr).toMatch(/password authentication failed/)
      expect(connect('docker1', 'simpus-db', 'simpus', PASSWORD_2)).toMatchObject({status: 0, stdout: 'simpus-db\n'})
    })

    it('drift reports a role changed by hand, and deploy puts it back', () => {
      expect(sh('db1', `runuser -u postgres -- psql -qc 'ALTER ROLE "simpus-db" NOLOGIN'`).status).toBe(0)
      const drift = kotadc('drift', '--env', 'lab', '--phase', 'databases')
      expect(drift.status, drift.stderr).toBe(2)
      expect(drift.stdout).toContain('would let role simpus-db log in: ALTER ROLE "simpus-db" LOGIN;')
      expect(deploy('databases').status).toBe(0)
      expect(connect('docker1', 'simpus-db', 'simpus', password)).toMatchObject({status: 0, stdout: 'simpus-db\n'})
    })

    it('a pg_hba.conf PostgreSQL rejects is put back, the old rules stay; fixed, the new client is let in', () => {
      const hba = '/etc/postgresql/15/main/pg_hba.conf'
      sh('db1', `echo 'host all all 10.0.0.1/99 trust' >> ${hba}`)
      const before = sh('db1', `cat ${hba}`).stdout
      // dinkes gains a container on docker2: its databases' block lines change.
      writeFileSync(
        join(tmp, 'inventory', 'agencies', 'dinkes.yaml'),
        `${DINKES}  - {name: simpus-report, kind: container, host: docker2, image: "registry.internal/dinkes/report:1.0"}\n`,
      )
      const bad = deploy('databases')
      expect(bad.status).toBe(3)
      expect(dbTasks(bad.phases()).find((t) => t.status === 'failed')?.error?.code).toBe('DB_HBA_REJECTED')
      expect(sh('db1', `cat ${hba}`).stdout).toBe(before)
      expect(connect('docker2', 'simpus-db', 'simpus', password).stderr).toMatch(/pg_hba\.conf rejects connection/)
      sh('db1', `sed -i '/10.0.0.1\\/99/d' ${hba}`)
      const good = deploy('databases')
      expect(good.status, good.stderr).toBe(0)
      expect(connect('docker2', 'simpus-db', 'simpus', password)).toMatchObject({status: 0, stdout: 'simpus-db\n'})
    })

    it('backup restore --database NAME --to NEW_NAME loads the rows that were dumped beside the live database', () => {
      // Rows written by the agency's own role over the network, as its application would.
      const write = sh(
        'docker1',
        `psql "host=${DB} user=simpus-db dbname=simpus_arsip" -qc "CREATE TABLE arsip (id int PRIMARY KEY, judul text); INSERT INTO arsip VALUES (1, 'SK Walikota'), (2, 'Perda 3/2025')"`,
        {PGPASSWORD: password},
      )
      expect(write.status, write.stderr).toBe(0)
      const phase = deploy('backups')
      expect(phase.status, phase.stderr + phase.stdout.slice(0, 3000)).toBe(0)
      const run = kotadc('backup', 'run', '--env', 'lab', '--json')
      expect(run.status, run.stderr + run.stdout.slice(0, 3000)).toBe(0)
      const r = kotadc('backup', 'restore', 'simpus-db', '--database', 'simpus_arsip', '--to', 'arsip_compare', '--env', 'lab', '--json')
      expect(r.status, r.stderr + r.stdout).toBe(0)
      expect(r.json()).toMatchObject({target: 'database arsip_compare', items: [{label: expect.stringContaining('simpus_arsip'), ok: true}]})
      const rows = (db: string) => sh('db1', `runuser -u postgres -- psql -At -d ${db} -c "SELECT id, judul FROM arsip ORDER BY id"`).stdout
      expect(rows('arsip_compare')).toBe('1|SK Walikota\n2|Perda 3/2025\n')
      expect(rows('simpus_arsip')).toBe('1|SK Walikota\n2|Perda 3/2025\n')
      // Never over the live one, and only a database the workload dumps.
      expect(kotadc('backup', 'restore', 'simpus-db', '--database', 'simpus_arsip', '--to', 'simpus_arsip', '--env', 'lab', '--json').status).toBe(3)
      expect(kotadc('backup', 'restore', 'simpus-db', '--database', 'ppdb', '--to', 'x_compare', '--env', 'lab', '--json').json().error.code).toBe(
        'BACKUP_RESTORE_NO_SUCH_DUMP',
      )
    })

    it("no password in kotadc's output, .kotadc/, or the server log", () => {
      const files = (dir: string): string[] =>
        existsSync(dir) ? readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)])) : []
      const kotadcFiles = files(join(tmp, '.kotadc'))
        .map((f) => readFileSync(f, 'latin1'))
        .join('\n')
      const log = sh('db1', 'cat /var/log/postgresql/postgresql-15-main.log').stdout
      expect(log.length).toBeGreaterThan(0)
      for (const pw of [PASSWORD_1, PASSWORD_2]) {
        expect(outputs.join('\n')).not.toContain(pw)
        expect(kotadcFiles).not.toContain(pw)
        expect(log).not.toContain(pw)
      }
      expect(log).not.toContain('SCRAM-SHA-256$')
      expect(outputs.join('\n')).not.toContain('SCRAM-SHA-256$')
    })
  },
)
