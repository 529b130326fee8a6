import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {requireBinary} from '../../helpers/require.js'
import type {Sshd} from '../../helpers/sshd.js'
import {startSshd} from '../../helpers/sshd.js'
import {writeSshdInventory} from '../../helpers/sshd-inventory.js'

const repoRoot = join(import.meta.dirname, '../../..')
const req = requireBinary('sshd', 'ssh-keygen')

interface Ping {
  host: string
  ok: boolean
  error?: {code: string; message: string; location?: {file: string; line: number}}
}

// The attack: a lab overlay that forgets a host leaves that host at its production address. Here "production" is
// 127.0.0.2, where a listener counts every connection; the overlay's fence allows only 127.0.0.1/32 (the sshd).
describe.skipIf(!req.ok)(`network fence in front of every connection${req.reason ? ` (skipped: ${req.reason})` : ''}`, () => {
  let sshd: Sshd
  let repo: string
  let production: Server
  let accepted = 0

  const kotadc = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin/run.js'), ...args, '-i', join(repo, 'inventory')], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 60_000,
      env: {...process.env, NO_COLOR: '1', ...env},
    })
    return {status: r.status, stdout: r.stdout, stderr: r.stderr}
  }

  beforeAll(async () => {
    sshd = await startSshd()
    repo = mkdtempSync(join(tmpdir(), 'kotadc-fence-'))
    const dir = writeSshdInventory(repo, sshd)
    // Base inventory: web1 (the sshd) at a "production" address, db1 at the listener's address.
    writeFileSync(
      join(dir, 'hosts.yaml'),
      [
        'hosts:',
        '  - name: web1',
        '    address: 127.0.0.3',
        '    network: lo',
        '    roles: [proxy]',
        `    hostKey: "${sshd.hostKeyFingerprint}"`,
        '  - name: db1',
        '    address: 127.0.0.2',
        '    network: lo',
        '    roles: [database]',
        '',
      ].join('\n'),
    )
    mkdirSync(join(dir, 'envs'))
    // The overlay moves web1 to the lab (the sshd) and forgets db1.
    writeFileSync(
      join(dir, 'envs/lab.yaml'),
      ['site: {name: testsite}', 'allowedNetworks: [127.0.0.1/32]', 'hosts:', '  - name: web1', '    address: 127.0.0.1', ''].join('\n'),
    )
    production = createServer((s) => {
      accepted++
      s.destroy()
    })
    await new Promise<void>((resolve, reject) => production.once('error', reject).listen(sshd.port, '127.0.0.2', () => resolve()))
  })

  afterAll(async () => {
    await new Promise((r) => production?.close(r))
    await sshd?.stop()
    if (repo) rmSync(repo, {recursive: true, force: true})
  })

  it('hosts ping --env lab refuses the forgotten host before connecting, and still reaches the lab host', () => {
    const r = kotadc(['hosts', 'ping', '--env', 'lab', '--json'])
    const results = JSON.parse(r.stdout) as Ping[]
    const db1 = results.find((p) => p.host === 'db1')
    expect(db1?.ok).toBe(false)
    expect(db1?.error?.code).toBe('NETWORK_OUTSIDE_FENCE')
    expect(db1?.error?.message).toBe(
      'refusing to contact host db1 at 127.0.0.2 (address from inventory/hosts.yaml:8): it is outside the allowed networks 127.0.0.1/32 declared by allowedNetworks at inventory/envs/lab.yaml:2',
    )
    expect(results.find((p) => p.host === 'web1')?.ok).toBe(true)
    expect(accepted).toBe(0)
  })

  it('KOTADC_ALLOWED_NETWORKS narrows the overlay fence (intersection) and is named when it refuses', () => {
    const r = kotadc(['hosts', 'ping', 'web1', '--env', 'lab', '--json'], {KOTADC_ALLOWED_NETWORKS: '127.0.0.3/32'})
    const [web1] = JSON.parse(r.stdout) as Ping[]
    expect(web1?.error?.code).toBe('NETWORK_OUTSIDE_FENCE')
    expect(web1?.error?.message).toContain('(address from inventory/envs/lab.yaml:5)')
    expect(web1?.error?.message).toContain('declared by KOTADC_ALLOWED_NETWORKS')
    expect(accepted).toBe(0)
  })

  it('without an overlay, the environment fence alone keeps the base addresses out of reach', () => {
    const r = kotadc(['hosts', 'ping', '--json'], {KOTADC_ALLOWED_NETWORKS: '127.0.0.1/32'})
    const results = JSON.parse(r.stdout) as Ping[]
    expect(results.map((p) => [p.host, p.error?.code])).toEqual([
      ['web1', 'NETWORK_OUTSIDE_FENCE'],
      ['db1', 'NETWORK_OUTSIDE_FENCE'],
    ])
    expect(accepted).toBe(0)
  })
})
