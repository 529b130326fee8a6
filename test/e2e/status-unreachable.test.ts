import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {runKotadc} from '../helpers/cli.js'
import {freePort} from '../helpers/free-port.js'
import {writeSilentHostInventory} from '../helpers/silent-host-inventory.js'

// A host that refuses the connection (a loopback port nothing listens on): status still reports everything it can,
// names the host first with the command that shows more, and exits 3.
describe('kotadc status with a host that cannot be reached', () => {
  let dir: string | undefined
  afterEach(() => dir && rmSync(dir, {recursive: true, force: true}))

  it('exits 3, the host is unreachable and first among the problems, in --json and in the human form', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kotadc-status-'))
    dir = root
    writeSilentHostInventory(root, await freePort())
    const run = (...args: string[]) => runKotadc(['status', ...args, '-i', join(root, 'inventory')], {cwd: root})
    const r = run('--json')
    expect(r.status, r.stderr).toBe(3)
    const s = r.json()
    expect(s).toMatchObject({version: 1, site: 'locksite', env: null, overall: 'unreachable', deploys: [], agencies: []})
    expect(s.hosts).toEqual([
      {name: 'web1', address: '127.0.0.1', roles: ['proxy'], reachable: false, error: {code: expect.any(String), message: expect.any(String)}},
    ])
    expect(s.problems[0]).toMatchObject({kind: 'host', subject: 'web1', severity: 'unreachable', command: 'kotadc hosts ping web1'})
    const human = run()
    expect(human.status).toBe(3)
    expect(human.stdout).toMatch(/^locksite: 1 problem, hosts unreachable/)
    expect(human.stdout).toMatch(/PROBLEMS\nhost web1: unreachable: .*\n {2}more: kotadc hosts ping web1/)
  })
})
