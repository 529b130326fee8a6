import {describe, expect, it} from 'vitest'
import {assertInsideFence} from '../../../src/exec/fence.js'
import type {SshTarget} from '../../../src/exec/ssh/types.js'
import {isOpsError} from '../../../src/errors/ops-error.js'

const at = (file: string, line: number) => ({file, line, col: 5})
const target = (host: string, address: string, extra: Partial<SshTarget> = {}): SshTarget => ({
  host,
  address,
  port: 22,
  user: 'ops',
  addressAt: at('inventory/hosts.yaml', 7),
  ...extra,
})
const overlayFence = {networks: ['172.30.0.0/24'], at: at('inventory/envs/lab.yaml', 3)}

const refusal = (fn: () => void) => {
  try {
    fn()
  } catch (e) {
    if (isOpsError(e)) return e
    throw e
  }
  throw new Error('expected a refusal')
}

describe('network fence (overlay allowedNetworks and KOTADC_ALLOWED_NETWORKS)', () => {
  it('an address the overlay forgot (still the production one) is refused, naming host, address, its line and the fence', () => {
    const e = refusal(() => assertInsideFence(target('db1', '10.10.0.12', {fence: overlayFence}), 'host', {}))
    expect(e.code).toBe('NETWORK_OUTSIDE_FENCE')
    expect(e.message).toBe(
      'refusing to contact host db1 at 10.10.0.12 (address from inventory/hosts.yaml:7): it is outside the allowed networks 172.30.0.0/24 declared by allowedNetworks at inventory/envs/lab.yaml:3',
    )
    expect(e.location).toEqual(at('inventory/hosts.yaml', 7))
    expect(e.hint).toMatch(/overlay/)
  })

  it('both fences apply (intersection): inside the overlay fence but outside the environment one is refused by the environment', () => {
    const t = target('web1', '172.30.0.11', {fence: overlayFence})
    expect(() => assertInsideFence(t, 'host', {KOTADC_ALLOWED_NETWORKS: '172.30.0.0/16'})).not.toThrow()
    const e = refusal(() => assertInsideFence(t, 'host', {KOTADC_ALLOWED_NETWORKS: '127.0.0.0/8'}))
    expect(e.message).toContain('declared by KOTADC_ALLOWED_NETWORKS')
  })

  it('the environment alone fences when the overlay declares nothing; no fence at all restricts nothing', () => {
    expect(
      refusal(() => assertInsideFence(target('db1', '10.10.0.12'), 'host', {KOTADC_ALLOWED_NETWORKS: ' 127.0.0.0/8 , 172.30.0.0/16 '})).code,
    ).toBe('NETWORK_OUTSIDE_FENCE')
    expect(() => assertInsideFence(target('db1', '10.10.0.12'), 'host', {})).not.toThrow()
  })

  it('a jump host outside the fence is refused even when the target is inside', () => {
    const t = target('web1', '172.30.0.11', {fence: overlayFence, jump: target('bastion', '10.10.0.2', {fence: overlayFence})})
    const e = refusal(() => assertInsideFence(t, 'host', {}))
    expect(e.message).toMatch(/^refusing to contact jump host bastion at 10\.10\.0\.2/)
  })

  it('names the role it was asked for (backup target, docker host)', () => {
    expect(
      refusal(() => assertInsideFence(target('backup1', '10.10.0.40'), 'backup target', {KOTADC_ALLOWED_NETWORKS: '127.0.0.0/8'})).message,
    ).toMatch(/^refusing to contact backup target backup1/)
  })

  it('a malformed KOTADC_ALLOWED_NETWORKS is an error, never an open fence', () => {
    const e = refusal(() => assertInsideFence(target('web1', '127.0.0.1'), 'host', {KOTADC_ALLOWED_NETWORKS: '127.0.0.1/8'}))
    expect(e.code).toBe('NETWORK_FENCE_INVALID')
  })

  it('the test suite itself runs fenced to loopback and the lab pool', () => {
    expect(process.env.KOTADC_ALLOWED_NETWORKS).toBe('127.0.0.0/8,172.30.0.0/16')
    expect(() => assertInsideFence(target('db1', '10.10.0.12'))).toThrow(/outside the allowed networks/)
  })
})
