import {describe, expect, it} from 'vitest'
import {firewallGuard} from '../../../src/firewall/rollback-guard.js'
import {renderCmd} from '../../../src/tasks/cmd.js'
import {expectOpsError} from '../netsvc/fixtures.js'

describe('firewall confirm-or-rollback guard', () => {
  const g = firewallGuard({token: 'run7Kx2Q', ruleset: '/etc/kotadc/nftables/kotadc.nft'})

  it('keys its state files by the run token', () => {
    expect([g.marker, g.saved, g.seconds]).toEqual(['/run/kotadc/firewall/run7Kx2Q.armed', '/run/kotadc/firewall/run7Kx2Q.nft', 60])
  })

  it('arms as root with the paths and the delay as positional arguments, never inside the script', () => {
    if (g.arm.kind !== 'shell') throw new Error('arm must be a shell command')
    expect(g.arm.sudo).toBe(true)
    expect(g.arm.args).toEqual([g.marker, g.saved, '/etc/kotadc/nftables/kotadc.nft', '60'])
    expect(g.arm.script).not.toContain('run7Kx2Q')
    // Save first, then the marker, then the detached timer, and only then load the new rules.
    const order = ['nft list table inet kotadc', ': > "$1"', 'nohup sh -c', 'nft -f "$3"'].map((s) =>
      g.arm.kind === 'shell' ? g.arm.script.indexOf(s) : -1,
    )
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > (order[k - 1] as number)))).toBe(true)
  })

  it('the timer and the confirm race for the marker; only the winner acts', () => {
    if (g.arm.kind !== 'shell' || g.confirm.kind !== 'shell') throw new Error('shell commands expected')
    expect(g.arm.script).toContain('if rm "$1" 2>/dev/null; then nft -f "$2"; fi')
    expect(g.confirm.script).toMatch(/^if rm "\$1" 2>\/dev\/null; then .* else .* exit 1; fi$/)
    expect(renderCmd(g.confirm)).toBe(`sudo -n sh -c '${g.confirm.script}' sh /run/kotadc/firewall/run7Kx2Q.armed /run/kotadc/firewall/run7Kx2Q.nft`)
  })

  it('refuses tokens that could name another path, and silly delays', () => {
    expectOpsError(() => firewallGuard({token: '../../etc', ruleset: '/x'}), 'TASK_TOKEN_INVALID')
    expectOpsError(() => firewallGuard({token: 'abcdef', ruleset: '/x', seconds: 3}), 'NETSVC_UNSAFE_VALUE')
    expectOpsError(() => firewallGuard({token: 'abcdef', ruleset: '/x', seconds: 1.5}), 'NETSVC_UNSAFE_VALUE')
  })
})
