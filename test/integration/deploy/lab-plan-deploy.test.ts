import {execFileSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {runKotadc as cli} from '../../helpers/cli.js'
import {LAB_CLI_TIMEOUT_MS, LAB_TEST_TIMEOUT_MS, labFenceEnv, requireLab} from '../../helpers/lab.js'
import {labHooks} from '../../helpers/lab-state.js'

const repo = join(import.meta.dirname, '..', '..', '..')
const built = existsSync(join(repo, 'dist', 'src', 'commands', 'deploy.js')) && existsSync(join(repo, 'dist', 'src', 'exec', 'runner', 'runner.js'))
const req = requireLab()
const reason = req.reason ?? (built ? undefined : 'kotadc (with the playbook runner) is not built (npm run build)')
const site = `dep${process.pid}`
const pool = `10.${200 + (process.pid % 50)}.0.0/16`

// A docker host joins lab-small. Lab containers are unprivileged and cannot run dockerd, so the host sets
// vars.dockerService: false: the lab rehearses package, daemon.json and socket access, not the service start.
const DOCKER_HOST = `  - name: dock1
    address: 10.10.0.13
    network: mgmt
    roles: [docker]
    vars: { dockerService: false }
`

describe.skipIf(reason !== undefined)(
  `plan and deploy of the playbook phases against the lab${reason ? ` (skipped: ${reason})` : ''}`,
  {timeout: LAB_TEST_TIMEOUT_MS},
  () => {
    let tmp: string
    const kotadc = (...args: string[]) =>
      cli([...args, '-i', join(tmp, 'inventory')], {cwd: tmp, timeoutMs: LAB_CLI_TIMEOUT_MS, env: labFenceEnv(pool)})
    const container = (host: string) => `kotadc-lab-${site}-${host}`
    const inLab = (host: string, ...argv: string[]) => execFileSync('docker', ['exec', container(host), ...argv], {encoding: 'utf8'})

    beforeAll(() => {
      tmp = mkdtempSync(join(tmpdir(), 'kotadc-lab-deploy-'))
      cpSync(join(repo, 'test', 'fixtures', 'inventory', 'lab-small'), join(tmp, 'inventory'), {recursive: true})
      const siteFile = join(tmp, 'inventory', 'site.yaml')
      writeFileSync(siteFile, readFileSync(siteFile, 'utf8').replace('name: labsmall', `name: ${site}`))
      const hostsFile = join(tmp, 'inventory', 'hosts.yaml')
      writeFileSync(hostsFile, `${readFileSync(hostsFile, 'utf8').trimEnd()}\n${DOCKER_HOST}`)
      const up = kotadc('lab', 'up', '--pool', pool, '--json')
      if (up.status !== 0) throw new Error(`lab up failed: ${up.stderr}`)
    }, 600_000)
    // One failure is one red test: a lock a killed run left on this working copy is gone before the next test.
    labHooks(
      site,
      () => tmp,
      () => kotadc('lab', 'down', '--yes'),
    )

    it('plan --env lab --json lists playbook changes and exits 2; the containers phase fails preflight (exit 3) unless excluded', () => {
      const r = kotadc('plan', '--env', 'lab', '--json', '--phase', 'base', '--phase', 'docker-hosts')
      expect(r.status, r.stderr).toBe(2)
      const out = r.json()
      expect(out.phases.map((p: {name: string; status: string}) => [p.name, p.status])).toEqual([
        ['base', 'changes'],
        ['docker-hosts', 'changes'],
      ])
      const dock = out.phases[1].hosts.find((h: {host: string}) => h.host === 'dock1')
      expect(dock.tasks.filter((t: {status: string}) => t.status === 'changed').map((t: {name: string}) => t.name)).toContain('docker daemon.json')
      // No docker provider can be installed here: the stacks phase says so, and the playbook phases still report.
      const all = kotadc('plan', '--env', 'lab', '--json', '--phase', 'base', '--phase', 'docker-hosts', '--phase', 'containers')
      expect(all.status, all.stderr).toBe(3)
      const phases = all.json().phases as {name: string; status: string; error?: {code: string}}[]
      expect(phases.map((p) => [p.name, p.status])).toEqual([
        ['base', 'changes'],
        ['docker-hosts', 'changes'],
        ['containers', 'failed'],
      ])
      expect(phases[2]?.error?.code).toBe('TF_PROVIDER_MISSING')
    })

    it('deploy --env lab --yes of the playbook phases succeeds and writes an audit record', () => {
      const r = kotadc('deploy', '--env', 'lab', '--yes', '--json', '--phase', 'base', '--phase', 'docker-hosts')
      expect(r.status, r.stdout + r.stderr).toBe(0)
      expect(r.json()).toMatchObject({
        outcome: 'succeeded',
        phases: [
          {name: 'base', status: 'changed'},
          {name: 'docker-hosts', status: 'changed'},
        ],
      })
      const audit = readFileSync(join(tmp, '.kotadc', 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      expect(audit.at(-1)).toMatchObject({
        outcome: 'succeeded',
        env: 'lab',
        phases: [
          {name: 'base', changed: true, failed: false},
          {name: 'docker-hosts', changed: true, failed: false},
        ],
      })
      expect(inLab('dock1', 'dpkg-query', '-W', '-f=${Status}', 'docker.io')).toBe('install ok installed')
      expect(JSON.parse(inLab('dock1', 'cat', '/etc/docker/daemon.json'))).toMatchObject({'live-restore': true, 'log-opts': {'max-size': '10m'}})
      expect(inLab('dock1', 'id', '-nG', 'kotadc')).toMatch(/\bdocker\b/)
    })

    it('plan again: the deployed phases are unchanged (exit 0), and a second deploy changes nothing', () => {
      const r = kotadc('plan', '--env', 'lab', '--json', '--phase', 'base', '--phase', 'docker-hosts')
      expect(r.status, r.stdout + r.stderr).toBe(0)
      expect(r.json().phases.map((p: {status: string}) => p.status)).toEqual(['unchanged', 'unchanged'])
      const again = kotadc('deploy', '--env', 'lab', '--yes', '--json', '--phase', 'base', '--phase', 'docker-hosts')
      expect(again.json()).toMatchObject({
        outcome: 'succeeded',
        phases: [
          {name: 'base', status: 'unchanged'},
          {name: 'docker-hosts', status: 'unchanged'},
        ],
      })
    })
  },
)
