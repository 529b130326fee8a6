import {describe, expect, it} from 'vitest'
import {checkHostKey, hostKeyError} from '../../../../src/exec/ssh/host-key-check.js'
import type {HostKeyPolicy} from '../../../../src/exec/ssh/host-key-check.js'
import {parseKnownHosts} from '../../../../src/exec/ssh/known-hosts.js'
import {HASHED_A, KEY_A, KEY_B} from './keys.js'

const ctx = {host: 'hv1', address: '10.10.0.11', port: 2222, at: {file: 'inventory/hosts.yaml', line: 9, col: 5}}
const known = (text: string, name = '[10.10.0.11]:2222'): HostKeyPolicy => ({
  kind: 'known-hosts',
  file: '/site/known_hosts',
  entries: parseKnownHosts(text),
  name,
})

describe('checkHostKey', () => {
  it('accepts the pinned key, with or without base64 padding', () => {
    expect(checkHostKey(KEY_A.blob, {kind: 'pinned', fingerprint: KEY_A.fingerprint})).toEqual({ok: true, presented: KEY_A.fingerprint})
    expect(checkHostKey(KEY_A.blob, {kind: 'pinned', fingerprint: `${KEY_A.fingerprint}=`}).ok).toBe(true)
  })

  it('rejects another key than the pinned one, keeping both fingerprints', () => {
    expect(checkHostKey(KEY_B.blob, {kind: 'pinned', fingerprint: KEY_A.fingerprint})).toEqual({
      ok: false,
      reason: 'mismatch',
      presented: KEY_B.fingerprint,
      expected: [KEY_A.fingerprint],
      source: 'the pinned hostKey',
    })
  })

  it('never trusts on first use: no pin and no known_hosts means unknown', () => {
    expect(checkHostKey(KEY_A.blob, {kind: 'none'})).toEqual({ok: false, reason: 'unknown', presented: KEY_A.fingerprint})
  })

  it('accepts a key listed for [address]:port, plain or hashed', () => {
    expect(checkHostKey(KEY_A.blob, known(`[10.10.0.11]:2222 ${KEY_A.line}`)).ok).toBe(true)
    expect(checkHostKey(KEY_A.blob, known(HASHED_A)).ok).toBe(true)
  })

  it('reports a host listed with other keys as a mismatch naming the file and lines', () => {
    const v = checkHostKey(KEY_B.blob, known(`# c\n[10.10.0.11]:2222 ${KEY_A.line}`))
    expect(v).toEqual({
      ok: false,
      reason: 'mismatch',
      presented: KEY_B.fingerprint,
      expected: [KEY_A.fingerprint],
      source: '/site/known_hosts (line 2 for [10.10.0.11]:2222)',
    })
  })

  it('reports a host absent from known_hosts as unknown, even when its key is listed for another name', () => {
    expect(checkHostKey(KEY_A.blob, known(`10.10.0.11 ${KEY_A.line}`))).toEqual({
      ok: false,
      reason: 'unknown',
      presented: KEY_A.fingerprint,
      knownHostsFile: '/site/known_hosts',
    })
  })

  it('refuses a revoked key even where it is also listed as trusted', () => {
    const v = checkHostKey(KEY_A.blob, known(`[10.10.0.11]:2222 ${KEY_A.line}\n@revoked * ${KEY_A.line}`))
    expect(v).toMatchObject({ok: false, reason: 'revoked'})
  })
})

describe('hostKeyError', () => {
  it('builds SSH_HOST_KEY_MISMATCH with both fingerprints and the inventory line in the hint', () => {
    const v = checkHostKey(KEY_B.blob, {kind: 'pinned', fingerprint: KEY_A.fingerprint})
    if (v.ok) throw new Error('expected a rejection')
    const err = hostKeyError(v, ctx)
    expect(err.code).toBe('SSH_HOST_KEY_MISMATCH')
    expect(err.exitCode).toBe(3)
    expect(err.location).toEqual(ctx.at)
    expect(err.message).toBe(
      `host hv1 (10.10.0.11:2222) presented host key ${KEY_B.fingerprint}, but the pinned hostKey expects ${KEY_A.fingerprint}`,
    )
    expect(err.hint).toContain('update hostKey at inventory/hosts.yaml:9')
    expect(err.toJSON().details).toMatchObject({host: 'hv1', expected: [KEY_A.fingerprint], presented: KEY_B.fingerprint})
  })

  it('builds SSH_HOST_KEY_UNKNOWN with a ready-to-paste pin', () => {
    const err = hostKeyError({ok: false, reason: 'unknown', presented: KEY_A.fingerprint, knownHostsFile: '/site/known_hosts'}, ctx)
    expect(err.code).toBe('SSH_HOST_KEY_UNKNOWN')
    expect(err.message).toContain('not in /site/known_hosts')
    expect(err.hint).toContain(`add hostKey: "${KEY_A.fingerprint}" to host hv1 at inventory/hosts.yaml:9`)
  })

  it('builds SSH_HOST_KEY_REVOKED', () => {
    expect(hostKeyError({ok: false, reason: 'revoked', presented: KEY_A.fingerprint, knownHostsFile: '/k'}, ctx).code).toBe('SSH_HOST_KEY_REVOKED')
  })
})
