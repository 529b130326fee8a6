import {describe, expect, it} from 'vitest'
import {normalizeFingerprint, sshFingerprint} from '../../../../src/exec/ssh/fingerprint.js'
import {KEY_A, KEY_B} from './keys.js'

describe('sshFingerprint', () => {
  it('matches what ssh-keygen -l prints', () => {
    expect(sshFingerprint(KEY_A.blob)).toBe(KEY_A.fingerprint)
    expect(sshFingerprint(KEY_B.blob)).toBe(KEY_B.fingerprint)
  })

  it('normalizes pasted pins: padding and prefix case do not matter, the hash does', () => {
    expect(normalizeFingerprint(`${KEY_A.fingerprint}=`)).toBe(KEY_A.fingerprint)
    expect(normalizeFingerprint(` sha256:${KEY_A.fingerprint.slice(7)} `)).toBe(KEY_A.fingerprint)
    expect(normalizeFingerprint(KEY_A.fingerprint.toLowerCase())).not.toBe(KEY_A.fingerprint)
  })
})
