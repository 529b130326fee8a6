import {execFileSync} from 'node:child_process'
import {constants, openSync, closeSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {hypervisorAccelFact} from '../../../src/facts/hypervisor-accel.js'
import {renderCmd} from '../../../src/tasks/cmd.js'
import {unsudo} from './unsudo.js'

const fact = hypervisorAccelFact()

/** What this machine's /dev/kvm allows, asked directly (no shell), to hold the probe's answer against. */
const kvmOpens = (): boolean => {
  try {
    closeSync(openSync('/dev/kvm', constants.O_RDWR))
    return true
  } catch {
    return false
  }
}

describe('hypervisorAccelFact', () => {
  it('reads kvm or qemu (TCG) with the reason', () => {
    expect(fact.parse('kvm /dev/kvm is usable\n', 0)).toEqual({domainType: 'kvm', reason: '/dev/kvm is usable'})
    expect(fact.parse('qemu /dev/kvm is missing (x)\n', 0)).toEqual({domainType: 'qemu', reason: '/dev/kvm is missing (x)'})
  })

  it('falls back to qemu on output it does not know: TCG is slow but always works', () => {
    expect(fact.parse('sudo: a password is required\n', 1)).toMatchObject({domainType: 'qemu', reason: expect.stringContaining('unexpected')})
  })

  it('on this machine, agrees with opening /dev/kvm directly (libvirtd is not running here, so the device decides)', () => {
    const out = execFileSync('sh', ['-c', renderCmd(unsudo(fact.command))], {encoding: 'utf8'})
    expect(fact.parse(out, 0).domainType).toBe(kvmOpens() ? 'kvm' : 'qemu')
  })
})
