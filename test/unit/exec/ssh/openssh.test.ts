import {execFileSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {keyTypeOf, knownHostsLine, opensshOptions} from '../../../../src/exec/ssh/openssh.js'
import type {SshTarget} from '../../../../src/exec/ssh/types.js'

const jump: SshTarget = {host: 'bastion', address: '10.0.0.1', port: 2222, user: 'ops', identityFile: "/keys/it's 100% mine"}
const target: SshTarget = {host: 'db1', address: '10.0.0.2', port: 22, user: 'ops', identityFile: '/keys/db', jump}
const {jump: _jump, ...direct} = target

describe('opensshOptions', () => {
  it('trusts only the given known_hosts, never prompts, and names the identity', () => {
    expect(opensshOptions(direct, '/p/.kotadc/ssh/known_hosts')).toEqual([
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'UserKnownHostsFile=/p/.kotadc/ssh/known_hosts',
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'UpdateHostKeys=no',
      '-o',
      'CheckHostIP=no',
      '-i',
      '/keys/db',
      '-o',
      'IdentitiesOnly=yes',
    ])
  })

  it('gives the jump connection the same options through a ProxyCommand the shell reads back word for word', () => {
    const proxy = opensshOptions(target, '/p/known hosts')
      .find((o) => o.startsWith('ProxyCommand='))!
      .slice('ProxyCommand='.length)
    // ssh turns %% back into %, then runs the line with sh: print the words sh sees.
    const words = execFileSync('sh', ['-c', `printf '%s\\n' ${proxy.replace(/^ssh /, '').replaceAll('%%', '%')}`], {encoding: 'utf8'})
      .trimEnd()
      .split('\n')
    expect(words).toEqual([
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'UserKnownHostsFile=/p/known hosts',
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'UpdateHostKeys=no',
      '-o',
      'CheckHostIP=no',
      '-i',
      "/keys/it's 100% mine",
      '-o',
      'IdentitiesOnly=yes',
      '-p',
      '2222',
      '-W',
      '%h:%p',
      '--',
      'ops@10.0.0.1',
    ])
  })
})

describe('knownHostsLine', () => {
  it('writes the key type from the blob and the bracketed name on a non-default port', () => {
    const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 1)])
    expect(keyTypeOf(blob)).toBe('ssh-ed25519')
    expect(knownHostsLine('10.0.0.1', 2222, blob)).toBe(`[10.0.0.1]:2222 ssh-ed25519 ${blob.toString('base64')}`)
    expect(knownHostsLine('10.0.0.1', 22, blob)).toMatch(/^10\.0\.0\.1 ssh-ed25519 /)
  })
})
