import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {firewallDrift, firewallStateCommand} from '../../../src/firewall/live-state.js'
import {buildHostRuleset} from '../../../src/firewall/nftables.js'
import {renderRuleset} from '../../../src/firewall/nftables-render.js'
import {firewallGuard} from '../../../src/firewall/rollback-guard.js'
import {renderCmd} from '../../../src/tasks/cmd.js'
import {requireBinary} from '../../helpers/require.js'
import {netsvcInventory} from '../../unit/netsvc/netsvc-inventory.js'

// Real nft in a network namespace of its own, so the machine's own ruleset is never read or touched.
// Under CI a missing nft or ip fails (requireBinary); only a non-root local run skips.
const tools = requireBinary('nft', 'ip')
const canRun = process.getuid?.() === 0 && tools.ok
const ns = `kotadc-fw-${process.pid}`
const inNs = (script: string) => spawnSync('ip', ['netns', 'exec', ns, 'sh', '-c', script], {encoding: 'utf8', timeout: 30_000})

describe.skipIf(!canRun)('firewall drift against real nftables (network namespace, root and nft needed)', () => {
  let dir: string
  const paths = () => ({
    ruleset: join(dir, 'kotadc.nft'),
    confirmedCopy: join(dir, 'kotadc.nft.confirmed'),
    loadedListing: join(dir, 'kotadc.loaded.json'),
  })
  /** The guarded load as deploy does it: arm (save, timer, load), then confirm, which records the listing. */
  const load = (token: string) => {
    const p = paths()
    const g = firewallGuard({token, ruleset: p.ruleset, seconds: 10, confirmed: {copy: p.confirmedCopy, listing: p.loadedListing}})
    const armed = inNs(renderCmd(g.arm))
    expect(armed.status, armed.stderr).toBe(0)
    const confirmed = inNs(renderCmd(g.confirm))
    expect(confirmed.status, confirmed.stderr).toBe(0)
  }
  const drift = (): string[] => {
    const r = inNs(renderCmd(firewallStateCommand(paths())))
    expect(r.status, r.stderr).toBe(0)
    return firewallDrift(r.stdout)
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kotadc-nft-'))
    const add = spawnSync('ip', ['netns', 'add', ns], {encoding: 'utf8'})
    if (add.status !== 0) throw new Error(`ip netns add ${ns}: ${add.stderr}`)
  })
  afterAll(() => {
    spawnSync('ip', ['netns', 'del', ns])
    rmSync(dir, {recursive: true, force: true})
  })

  it('a rule added by hand is drift, named as nft prints it, until the guarded load puts the rendered table back', () => {
    const inv = netsvcInventory()
    writeFileSync(
      paths().ruleset,
      renderRuleset(
        buildHostRuleset(
          inv,
          inv.hosts.find((h) => h.name === 'net1')!,
        ),
      ),
    )
    expect(drift()).toEqual(['table inet kotadc is not loaded'])
    load('fwtest1a')
    expect(drift()).toEqual([])

    const hand = inNs('nft add rule inet kotadc input tcp dport 3306 accept')
    expect(hand.status, hand.stderr).toBe(0)
    expect(drift()).toEqual(['live table differs: + input: tcp dport 3306 accept'])

    load('fwtest1b')
    expect(drift()).toEqual([])
    expect(inNs('nft list table inet kotadc').stdout).not.toContain('3306')
  })
})
