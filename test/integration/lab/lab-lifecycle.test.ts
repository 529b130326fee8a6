import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse} from 'yaml'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {LAB_VM_SIZE} from '../../../src/lab/plan.js'
import {labDown} from '../../../src/services/lab/down.js'
import {ensureLabImage} from '../../../src/services/lab/image.js'
import {labStatus} from '../../../src/services/lab/status.js'
import {labUp, type LabUpResult} from '../../../src/services/lab/up.js'
import {dockerObjects, requireLab} from '../../helpers/lab.js'
import {labSmallInventory} from './lab-small-inventory.js'

const req = requireLab()
// Per-run site and pool: a concurrent run or the user's own lab never shares containers, networks or subnets.
const site = `it${process.pid}`
const pool = `10.${200 + (process.pid % 50)}.0.0/16`
const net = pool.split('.').slice(0, 2).join('.')
const label = `kotadc.lab=${site}`

describe.skipIf(!req.ok)(`lab up / status / down on real containers${req.reason ? ` (skipped: ${req.reason})` : ''}`, () => {
  let tmp: string
  let image: string
  let up: LabUpResult
  const inv = () => labSmallInventory(site, join(tmp, 'inventory'))
  const stateDir = () => join(tmp, 'state')

  /** ssh with the lab key, pinning host keys through `knownHosts` (StrictHostKeyChecking=yes: no trust on first use). */
  const ssh = (address: string, knownHosts: string, command: string) =>
    spawnSync(
      'ssh',
      [
        '-i',
        up.identityFile,
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        `UserKnownHostsFile=${knownHosts}`,
        '-o',
        'GlobalKnownHostsFile=/dev/null',
        '-o',
        'ConnectTimeout=10',
        '-p',
        '22',
        `kotadc@${address}`,
        command,
      ],
      {encoding: 'utf8', timeout: 30_000},
    )

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'kotadc-lab-it-'))
    image = await ensureLabImage(() => {})
  })
  afterAll(async () => {
    if (tmp === undefined) return
    // Leave nothing behind even when a test failed half way.
    await labDown({inventoryRoot: inv().root, site, stateDir: stateDir()}).catch(() => {})
    rmSync(tmp, {recursive: true, force: true})
  })

  it('starts one container per host at deterministic lab addresses and writes the overlay', async () => {
    up = await labUp(inv(), {pool, stateDir: stateDir(), image})
    expect(up.hosts.map((h) => [h.name, h.container, h.address, h.port, h.action])).toEqual([
      ['hv1', `kotadc-lab-${site}-hv1`, `${net}.0.11`, 22, 'created'],
      ['web1', `kotadc-lab-${site}-web1`, `${net}.1.2`, 22, 'created'],
      ['db1', `kotadc-lab-${site}-db1`, `${net}.0.12`, 22, 'created'],
    ])
    expect(dockerObjects('containers', label)).toEqual([`kotadc-lab-${site}-db1`, `kotadc-lab-${site}-hv1`, `kotadc-lab-${site}-web1`])
    expect(dockerObjects('networks', label)).toEqual([`kotadc-lab-${site}-mgmt`, `kotadc-lab-${site}-services`])

    expect(up.overlay).toBe(join(tmp, 'inventory', 'envs', 'lab.yaml'))
    const overlay = parse(readFileSync(up.overlay, 'utf8'))
    expect(overlay.site.name).toBe(site)
    expect(overlay.site.ssh).toEqual({user: 'kotadc', port: 22, identityFile: up.identityFile, knownHosts: up.knownHosts})
    expect(overlay.networks).toEqual([
      {name: 'mgmt', cidr: `${net}.0.0/24`, gateway: `${net}.0.1`},
      {name: 'services', cidr: `${net}.1.0/24`, gateway: `${net}.1.1`},
    ])
    expect(overlay.hosts.find((h: {name: string}) => h.name === 'db1')).toEqual({
      name: 'db1',
      address: `${net}.0.12`,
      hostKey: up.hosts[2]?.hostKey,
      ssh: {port: 22},
    })
    expect(overlay.workloads).toEqual([{name: 'arsip', address: `${net}.1.50`, ...LAB_VM_SIZE}])
  })

  it('pins fingerprints that ssh-keygen computes from the keys injected into the containers', () => {
    for (const h of up.hosts) {
      const pub = join(stateDir(), site, 'hosts', h.name, 'ssh_host_ed25519_key.pub')
      expect(execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pub], {encoding: 'utf8'}).split(' ')[1]).toBe(h.hostKey)
    }
  })

  it('lets user kotadc in with the lab key and a strictly checked known_hosts; sudo, NET_ADMIN and tini are there', () => {
    for (const h of up.hosts) {
      const kh = join(tmp, `known_hosts-${h.name}`)
      writeFileSync(kh, `${h.address} ${readFileSync(join(stateDir(), site, 'hosts', h.name, 'ssh_host_ed25519_key.pub'), 'utf8')}`)
      const r = ssh(h.address, kh, 'hostname; sudo -n ip addr add 10.254.254.1/32 dev lo && echo netadmin; cat /proc/1/comm')
      expect(r.stderr).not.toMatch(/WARNING|verification failed/)
      expect(r.stdout.split('\n').slice(0, 3)).toEqual([h.name, 'netadmin', 'tini'])
      expect(r.status).toBe(0)
    }
    // The known_hosts lab up wrote works the same way.
    expect(ssh(up.hosts[0]!.address, up.knownHosts, 'true').status).toBe(0)
  })

  it('refuses a host whose key does not match the pinned one (each container has its own host key)', () => {
    const [hv1, web1] = up.hosts
    const kh = join(tmp, 'known_hosts-wrong')
    writeFileSync(kh, `${hv1!.address} ${readFileSync(join(stateDir(), site, 'hosts', web1!.name, 'ssh_host_ed25519_key.pub'), 'utf8')}`)
    const r = ssh(hv1!.address, kh, 'true')
    expect(r.status).not.toBe(0)
    expect(r.stderr).toMatch(/HOST IDENTIFICATION HAS CHANGED|Host key verification failed/)
  })

  it('keeps matching containers on a rerun, with the same pinned keys', async () => {
    const again = await labUp(inv(), {pool, stateDir: stateDir(), image})
    expect(again.hosts.map((h) => h.action)).toEqual(['kept', 'kept', 'kept'])
    expect(again.hosts.map((h) => h.hostKey)).toEqual(up.hosts.map((h) => h.hostKey))
  })

  it('reports every container running with sshd answering', async () => {
    const status = await labStatus(inv(), {pool})
    expect(status.hosts.map((h) => [h.name, h.state, h.sshd])).toEqual([
      ['hv1', 'running', true],
      ['web1', 'running', true],
      ['db1', 'running', true],
    ])
    expect(status.ready).toBe(true)
    expect(status.strays).toEqual([])
  })

  it('lab status waits for an sshd that answers late; lab up restarts a running container whose sshd died', async () => {
    const web1 = `kotadc-lab-${site}-web1`
    execFileSync('docker', ['exec', web1, '/etc/init.d/ssh', 'stop'], {stdio: 'ignore'})
    expect((await labStatus(inv(), {pool, sshWaitMs: 1_000})).hosts[1]).toMatchObject({name: 'web1', state: 'running', sshd: false})
    // sshd comes back 3 s from now, later than any fixed 2 s probe: status waits for it by condition.
    execFileSync('docker', ['exec', '-d', web1, 'sh', '-c', 'sleep 3; /etc/init.d/ssh start'], {stdio: 'ignore'})
    expect((await labStatus(inv(), {pool})).ready).toBe(true)
    execFileSync('docker', ['exec', web1, '/etc/init.d/ssh', 'stop'], {stdio: 'ignore'})
    const r = await labUp(inv(), {pool, stateDir: stateDir(), image})
    expect(r.hosts.map((h) => [h.name, h.action])).toEqual([
      ['hv1', 'kept'],
      ['web1', 'restarted'],
      ['db1', 'kept'],
    ])
    expect((await labStatus(inv(), {pool})).ready).toBe(true)
  })

  it('starts a stopped container again and removes the container of a host that left the inventory', async () => {
    execFileSync('docker', ['stop', '--time', '1', `kotadc-lab-${site}-hv1`], {stdio: 'ignore'})
    expect((await labStatus(inv(), {pool})).hosts[0]).toMatchObject({state: 'exited', sshd: false})
    const smaller = inv()
    smaller.hosts = smaller.hosts.filter((h) => h.name !== 'db1')
    const r = await labUp(smaller, {pool, stateDir: stateDir(), image})
    expect(r.hosts.map((h) => [h.name, h.action])).toEqual([
      ['hv1', 'started'],
      ['web1', 'kept'],
    ])
    expect(r.removed).toEqual([`kotadc-lab-${site}-db1`])
    expect(dockerObjects('containers', label)).toEqual([`kotadc-lab-${site}-hv1`, `kotadc-lab-${site}-web1`])
  })

  it('lab down leaves no container, network, overlay or key behind', async () => {
    const r = await labDown({inventoryRoot: inv().root, site, stateDir: stateDir()})
    expect(r.containers.sort()).toEqual([`kotadc-lab-${site}-hv1`, `kotadc-lab-${site}-web1`])
    expect(r.networks.sort()).toEqual([`kotadc-lab-${site}-mgmt`, `kotadc-lab-${site}-services`])
    expect(r.overlay).toBe(up.overlay)
    expect(dockerObjects('containers', label)).toEqual([])
    expect(dockerObjects('networks', label)).toEqual([])
    expect(existsSync(up.overlay)).toBe(false)
    expect(existsSync(join(stateDir(), site))).toBe(false)
    // No process of the lab hosts survives (their sshd ran as "sshd: /usr/sbin/sshd" under tini).
    expect(execFileSync('ps', ['-eo', 'args'], {encoding: 'utf8'})).not.toContain(`kotadc-lab-${site}`)
  })
})
