import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {firewallDrift} from '../../../src/firewall/live-state.js'
import {nftDrift, nftItems} from '../../../src/firewall/nft-json.js'

// Listings written by nft 1.0.6 (Debian 12): the table as loaded, then after `nft add rule … tcp dport 3306 counter
// accept` and deleting the proxy rule by hand. The kernel's handles differ between the two.
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '../../fixtures/nft', name), 'utf8')
const loaded = nftItems(fixture('loaded.json'))!
const edited = nftItems(fixture('hand-edited.json'))!

const stateOutput = (status: string, live: string, recorded: string): string =>
  `${status}\n--- kotadc live table\n${live}\n--- kotadc loaded table\n${recorded}`

describe('nft -j listings compared', () => {
  it('a listing equals itself whatever the handles and counter values', () => {
    const recounted = fixture('hand-edited.json')
      .replace(/"handle": (\d+)/g, (_, n: string) => `"handle": ${Number(n) + 40}`)
      .replace(/"packets": \d+/, '"packets": 99')
    expect(nftDrift(edited, nftItems(recounted)!)).toEqual([])
  })

  it('names the rule added by hand and the one removed by hand, as nft would print them', () => {
    expect(nftDrift(loaded, edited)).toEqual(['+ input: tcp dport 3306 counter accept', '- input: tcp dport { 80, 443 } accept comment "proxy"'])
  })

  it('the same rules in another order are drift too (order is meaning in a chain)', () => {
    const rules = loaded.filter((i) => i.kind === 'rule')
    const swapped = [...loaded.filter((i) => i.kind !== 'rule'), ...rules.slice(1), rules[0]!]
    expect(nftDrift(loaded, swapped)).toEqual(['~ input: the same rules in another order'])
  })

  it('text that is not a listing is not taken for an empty table', () => {
    expect(nftItems('Error: No such file or directory')).toBeUndefined()
    expect(nftItems('{"other": []}')).toBeUndefined()
  })
})

describe('firewallDrift (the state command output)', () => {
  it('nothing to do when the staged file is the confirmed one and the live table is the table as loaded', () => {
    expect(firewallDrift(stateOutput('staged-confirmed', fixture('loaded.json'), fixture('loaded.json')))).toEqual([])
  })

  it('a hand-edited live table is drift, rule by rule', () => {
    expect(firewallDrift(stateOutput('staged-confirmed', fixture('hand-edited.json'), fixture('loaded.json')))).toEqual([
      'live table differs: + input: tcp dport 3306 counter accept',
      'live table differs: - input: tcp dport { 80, 443 } accept comment "proxy"',
    ])
  })

  it('a missing table, a new staged file or no record of the loaded table each make a load due', () => {
    expect(firewallDrift('absent\n')).toEqual(['table inet kotadc is not loaded'])
    expect(firewallDrift(stateOutput('staged-new', fixture('loaded.json'), fixture('loaded.json')))).toEqual([
      'the staged ruleset is not the one last loaded and confirmed',
    ])
    expect(firewallDrift(stateOutput('staged-new', fixture('loaded.json'), fixture('loaded.json')), true)).toEqual(['the rendered ruleset changed'])
    expect(firewallDrift(stateOutput('staged-confirmed', fixture('loaded.json'), ''))).toEqual([
      expect.stringContaining('no record of the table as kotadc loaded it'),
    ])
  })
})
