import {describe, expect, it} from 'vitest'
import {hostPatternsMatch, knownHostsName, lookupKnownHosts, parseKnownHosts} from '../../../../src/exec/ssh/known-hosts.js'
import {HASHED_A, KEY_A, KEY_B} from './keys.js'

describe('parseKnownHosts', () => {
  it('reads entries with their line numbers and markers, skipping comments and unreadable lines', () => {
    const text = [
      `# managed by kotadc`,
      '',
      `hv1,10.10.0.11 ${KEY_A.line} root@hv1`,
      'garbage',
      `@revoked * ${KEY_B.line}`,
      `@cert-authority *.example ${KEY_B.line}`,
      `@bogus hv2 ${KEY_B.line}`,
      `hv3 ssh-ed25519 not*base64`,
    ].join('\n')
    const entries = parseKnownHosts(text)
    expect(entries.map((e) => [e.line, e.marker, e.patterns, e.keyType])).toEqual([
      [3, null, 'hv1,10.10.0.11', 'ssh-ed25519'],
      [5, 'revoked', '*', 'ssh-ed25519'],
      [6, 'cert-authority', '*.example', 'ssh-ed25519'],
    ])
    expect(entries[0]!.key.equals(KEY_A.blob)).toBe(true)
  })
})

describe('knownHostsName', () => {
  it('uses the bare address on port 22 and [address]:port elsewhere, as ssh does', () => {
    expect(knownHostsName('10.10.0.11', 22)).toBe('10.10.0.11')
    expect(knownHostsName('10.10.0.11', 2222)).toBe('[10.10.0.11]:2222')
  })
})

describe('hostPatternsMatch', () => {
  it.each([
    ['hv1,10.10.0.11', '10.10.0.11', true],
    ['hv1,10.10.0.11', '10.10.0.12', false],
    ['10.10.0.*', '10.10.0.99', true],
    ['10.10.0.?', '10.10.0.99', false],
    ['10.10.0.*,!10.10.0.13', '10.10.0.13', false],
    ['!10.10.0.13', '10.10.0.12', false],
    ['[10.10.0.11]:2222', '[10.10.0.11]:2222', true],
    ['[10.10.0.11]:2222', '10.10.0.11', false],
    ['HV1.Example', 'hv1.example', true],
    ['10.10.0.1', '10a10b0c1', false],
  ])('%s against %s → %s', (patterns, name, expected) => {
    expect(hostPatternsMatch(patterns, name)).toBe(expected)
  })

  it('matches hashed entries written by ssh-keygen -H, for the exact name only', () => {
    const [first, second] = parseKnownHosts(HASHED_A)
    expect(hostPatternsMatch(first!.patterns, '[10.10.0.11]:2222')).toBe(true)
    expect(hostPatternsMatch(first!.patterns, '10.10.0.11')).toBe(false)
    expect(hostPatternsMatch(second!.patterns, 'hv1.example')).toBe(true)
    expect(hostPatternsMatch('|1|broken', 'hv1.example')).toBe(false)
  })
})

describe('lookupKnownHosts', () => {
  it('returns the trusted keys for the name and every revoked key, ignoring certificate authorities', () => {
    const entries = parseKnownHosts(
      [`hv1 ${KEY_A.line}`, `hv2 ${KEY_B.line}`, `@revoked hv9 ${KEY_B.line}`, `@cert-authority hv1 ${KEY_B.line}`].join('\n'),
    )
    const found = lookupKnownHosts(entries, 'hv1')
    expect(found.trusted.map((e) => e.line)).toEqual([1])
    expect(found.revoked.map((e) => e.line)).toEqual([3])
  })
})
