import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runKotadc as cli} from '../../helpers/cli.js'
import {dockerObjects, LAB_CLI_TIMEOUT_MS, LAB_TEST_TIMEOUT_MS, labFenceEnv, requireLab} from '../../helpers/lab.js'

const repo = join(import.meta.dirname, '..', '..', '..')
const built = existsSync(join(repo, 'dist', 'src', 'commands', 'lab', 'up.js'))
const req = requireLab()
const reason = req.reason ?? (built ? undefined : 'kotadc is not built (npm run build)')
const site = `cli${process.pid}`
const pool = `10.${150 + (process.pid % 50)}.0.0/16`

describe.skipIf(reason !== undefined)(
  `kotadc lab up|status|down on test/fixtures/inventory/lab-small${reason ? ` (skipped: ${reason})` : ''}`,
  {timeout: LAB_TEST_TIMEOUT_MS},
  () => {
    let tmp: string
    const kotadc = (...args: string[]) =>
      cli([...args, '-i', join(tmp, 'inventory')], {cwd: tmp, timeoutMs: LAB_CLI_TIMEOUT_MS, env: labFenceEnv(pool)})
    // An operator who exported KOTADC_ENV=lab (a safe habit): the lab commands still plan from the inventory itself.
    const withLabEnv = (...args: string[]) =>
      cli([...args, '-i', join(tmp, 'inventory')], {cwd: tmp, timeoutMs: LAB_CLI_TIMEOUT_MS, env: {...labFenceEnv(pool), KOTADC_ENV: 'lab'}})

    beforeAll(() => {
      tmp = mkdtempSync(join(tmpdir(), 'kotadc-lab-cli-'))
      cpSync(join(repo, 'test', 'fixtures', 'inventory', 'lab-small'), join(tmp, 'inventory'), {recursive: true})
      const siteFile = join(tmp, 'inventory', 'site.yaml')
      writeFileSync(siteFile, readFileSync(siteFile, 'utf8').replace('name: labsmall', `name: ${site}`))
    })
    afterAll(() => {
      if (tmp === undefined) return
      kotadc('lab', 'down', '--yes')
      rmSync(tmp, {recursive: true, force: true})
    })

    it('lab up --json returns the image, networks, hosts with pinned keys, and the overlay; progress goes to stderr, and not at all under --json', () => {
      const r = kotadc('lab', 'up', '--pool', pool, '--json')
      expect(r.status, r.stderr).toBe(0)
      expect(r.stderr).toBe('')
      const out = r.json()
      expect(out.image).toMatch(/^kotadc-lab-base:[0-9a-f]+$/)
      expect(out.networks.map((n: {dockerName: string}) => n.dockerName)).toEqual([`kotadc-lab-${site}-mgmt`, `kotadc-lab-${site}-services`])
      expect(out.hosts.map((h: {name: string; hostKey: string}) => [h.name, h.hostKey.startsWith('SHA256:')])).toEqual([
        ['hv1', true],
        ['web1', true],
        ['db1', true],
      ])
      expect(out.overlay).toBe(join(tmp, 'inventory', 'envs', 'lab.yaml'))
      const again = withLabEnv('lab', 'up', '--pool', pool)
      expect(again.status, again.stderr).toBe(0)
      expect(again.stdout).toMatch(/hv1\s+kotadc-lab-\S+-hv1\s+\S+:22\s+kept/)
      expect(again.stderr).toContain('select it with --env lab')
    })

    it('the overlay loads with --env lab: the inventory now points at the lab', () => {
      const r = kotadc('inventory', 'list', 'hosts', '--env', 'lab', '--json')
      expect(r.status, r.stderr).toBe(0)
      expect(JSON.stringify(r.json())).toContain(`${pool.split('.').slice(0, 2).join('.')}.0.11`)
    })

    it('lab status --json reports every host running with sshd answering', () => {
      const r = withLabEnv('lab', 'status', '--pool', pool, '--json')
      expect(r.status, r.stderr).toBe(0)
      expect(r.json()).toMatchObject({site, ready: true, strays: []})
    })

    it('lab down refuses without a terminal or --yes, then removes everything with --yes', () => {
      const refused = kotadc('lab', 'down', '--json')
      expect(refused.status).toBe(1)
      expect(refused.json().error.code).toBe('CONFIRMATION_REQUIRED')
      expect(dockerObjects('containers', `kotadc.lab=${site}`)).toHaveLength(3)

      const r = withLabEnv('lab', 'down', '--yes', '--json')
      expect(r.status, r.stderr).toBe(0)
      expect(r.json().containers).toHaveLength(3)
      expect(dockerObjects('containers', `kotadc.lab=${site}`)).toEqual([])
      expect(dockerObjects('networks', `kotadc.lab=${site}`)).toEqual([])
      expect(existsSync(join(tmp, 'inventory', 'envs', 'lab.yaml'))).toBe(false)
    })
  },
)
