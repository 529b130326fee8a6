import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {PassThrough} from 'node:stream'
import {describe, expect, it} from 'vitest'
import {buildConnectConfig, loadHostKeyPolicy} from '../../../../src/exec/ssh/connect.js'
import type {SshTarget} from '../../../../src/exec/ssh/types.js'
import {KEY_A} from './keys.js'

const target: SshTarget = {host: 'hv1', address: '10.10.0.11', port: 2222, user: 'kotadc'}
const key = {kind: 'key' as const, privateKey: Buffer.from('k'), method: 'key k'}
const verifier = (): boolean => false

describe('buildConnectConfig', () => {
  it('always sets the host verifier, a ready timeout and keepalives, with the documented defaults', () => {
    const cfg = buildConnectConfig(target, key, verifier)
    expect(cfg).toMatchObject({
      host: '10.10.0.11',
      port: 2222,
      username: 'kotadc',
      readyTimeout: 10_000,
      keepaliveInterval: 5_000,
      keepaliveCountMax: 3,
      privateKey: key.privateKey,
    })
    expect(cfg.hostVerifier).toBe(verifier)
    expect(cfg.agent).toBeUndefined()
  })

  it('takes the target timeouts, an agent, and a tunnel socket instead of host and port', () => {
    const sock = new PassThrough()
    const cfg = buildConnectConfig(
      {...target, readyTimeoutMs: 1500, keepaliveIntervalMs: 250},
      {kind: 'agent', agent: '/run/a.sock', method: 'ssh-agent'},
      verifier,
      sock,
    )
    expect(cfg).toMatchObject({readyTimeout: 1500, keepaliveInterval: 250, agent: '/run/a.sock', sock})
    expect(cfg.host).toBeUndefined()
    expect(cfg.privateKey).toBeUndefined()
  })
})

describe('loadHostKeyPolicy', () => {
  it('prefers the pin, then the known_hosts file, and otherwise trusts nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kotadc-kh-'))
    const file = join(dir, 'known_hosts')
    writeFileSync(file, `[10.10.0.11]:2222 ${KEY_A.line}\n`)
    expect(await loadHostKeyPolicy({...target, hostKey: KEY_A.fingerprint, knownHostsFile: file})).toEqual({
      kind: 'pinned',
      fingerprint: KEY_A.fingerprint,
    })
    const policy = await loadHostKeyPolicy({...target, knownHostsFile: file})
    expect(policy).toMatchObject({kind: 'known-hosts', file, name: '[10.10.0.11]:2222'})
    expect(policy.kind === 'known-hosts' && policy.entries.length).toBe(1)
    expect(await loadHostKeyPolicy({...target, knownHostsFile: join(dir, 'absent')})).toMatchObject({kind: 'known-hosts', entries: []})
    expect(await loadHostKeyPolicy(target)).toEqual({kind: 'none'})
    rmSync(dir, {recursive: true, force: true})
  })
})
