import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BRIDGE_SCRIPT} from '../../../src/hypervisor/bridge.js'
import {requireBinary} from '../../helpers/require.js'

// The hypervisor playbook's bridge script against the real kernel, in a network namespace of its own (so this
// machine's interfaces are never touched), with a veth interface standing for the hypervisor's NIC on the network.
const tools = requireBinary('ip')
const canRun = process.getuid?.() === 0 && tools.ok
const ns = `kotadc-br-${process.pid}`
const inNs = (script: string) => spawnSync('ip', ['netns', 'exec', ns, 'sh', '-c', script], {encoding: 'utf8', timeout: 30_000})

describe.skipIf(!canRun)('kotadc-bridge in a network namespace (root and ip needed)', () => {
  let dir: string
  let script: string
  const bridge = (...args: string[]) => inNs(`${script} ${args.join(' ')}`)

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kotadc-bridge-'))
    script = join(dir, 'kotadc-bridge')
    writeFileSync(script, BRIDGE_SCRIPT, {mode: 0o755})
    const add = spawnSync('ip', ['netns', 'add', ns], {encoding: 'utf8'})
    if (add.status !== 0) throw new Error(`ip netns add ${ns}: ${add.stderr}`)
    const nic = inNs(
      'ip link set lo up && ip link add eth1 type veth peer name eth1p && ip link set eth1p up && ip link set eth1 up && ip addr add 10.20.1.7/22 dev eth1 && ' +
        'ip route add default via 10.20.0.1 dev eth1',
    )
    if (nic.status !== 0) throw new Error(nic.stderr)
  })
  afterAll(() => {
    spawnSync('ip', ['netns', 'del', ns])
    rmSync(dir, {recursive: true, force: true})
  })

  it('refuses when no interface holds an address in the network, and changes nothing', () => {
    const r = bridge('br-other', '10.99.0.0/24')
    expect(r.status).toBe(3)
    expect(r.stderr).toContain('no interface has an IPv4 address in 10.99.0.0/24')
    expect(inNs('ip link show br-other').status).not.toBe(0)
  })

  it('makes the uplink a port: the bridge takes its MAC, address and default route; --check then passes', () => {
    expect(bridge('br-services', '10.20.0.0/22', '--check').status).not.toBe(0)
    const mac = inNs('cat /sys/class/net/eth1/address').stdout.trim()
    const r = bridge('br-services', '10.20.0.0/22')
    expect(r.status, r.stderr).toBe(0)
    expect(inNs('ls /sys/class/net/br-services/brif').stdout.trim()).toBe('eth1')
    expect(inNs('cat /sys/class/net/br-services/address').stdout.trim()).toBe(mac)
    expect(inNs('ip -o -4 addr show dev br-services').stdout).toContain('10.20.1.7/22')
    expect(inNs('ip -o -4 addr show dev eth1').stdout.trim()).toBe('')
    expect(inNs('ip -4 route show default').stdout).toContain('via 10.20.0.1 dev br-services')
    expect(bridge('br-services', '10.20.0.0/22', '--check').status).toBe(0)
  })

  it('bridges an uplink that carries no route but its subnet', () => {
    expect(
      inNs('ip link add eth2 type veth peer name eth2p && ip link set eth2p up && ip link set eth2 up && ip addr add 10.30.0.9/24 dev eth2').status,
    ).toBe(0)
    const r = bridge('br-backup', '10.30.0.0/24')
    expect(r.status, r.stderr).toBe(0)
    expect(inNs('ip -o -4 addr show dev br-backup').stdout).toContain('10.30.0.9/24')
    expect(inNs('ip -4 route show default').stdout).toContain('dev br-services')
  })

  it('a second run keeps everything as it is', () => {
    const r = bridge('br-services', '10.20.0.0/22')
    expect(r.status, r.stderr).toBe(0)
    expect(inNs('ip -o -4 addr show dev br-services').stdout).toContain('10.20.1.7/22')
    expect(inNs('ls /sys/class/net/br-services/brif').stdout.trim()).toBe('eth1')
  })
})
