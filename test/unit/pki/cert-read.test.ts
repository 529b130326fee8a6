import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {certNotAfter} from '../../../src/pki/cert-read.js'
import {hostCertPlan} from '../../../src/services/proxy/prepared.js'
import {FakeShell} from '../../helpers/fake-shell.js'
import {netsvcInventory} from '../netsvc/netsvc-inventory.js'

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/pki/${name}`, import.meta.url), 'utf8')
const inv = netsvcInventory()
const NOW = new Date('2026-11-30T06:00:00Z')

describe('reading the proxy certificates', () => {
  it('reads every certificate with one command and no openssl (one process per certificate cost half a second)', async () => {
    const shell = new FakeShell('net1').expectRun(/@@kotadc-tok000001 begin g0/, {stdout: ''})
    await expect(hostCertPlan(inv, shell, NOW, 'tok000001')).rejects.toMatchObject({code: 'FACT_OUTPUT_MISSING'})
    shell.done()
    const cmd = shell.runs[0]?.script ?? ''
    expect(cmd).toContain('/etc/kotadc/tls/kota.example.crt')
    expect(cmd).toContain('/etc/kotadc/tls/arsip.kota.example.crt')
    expect(cmd).toContain('sudo -n ')
    expect(cmd).not.toContain('openssl')
  })

  it('refuses a domain that could escape the certificate directory', async () => {
    const first = inv.workloads.findIndex((w) => 'domain' in w && w.domain)
    const bad = {...inv, workloads: inv.workloads.map((w, i) => (i === first ? {...w, domain: '../etc/shadow'} : w))}
    await expect(hostCertPlan(bad, new FakeShell('net1'), NOW, 'tok000001')).rejects.toThrow()
  })

  it('takes notAfter from the certificate itself', () => {
    expect(certNotAfter(fixture('leaf-365-days.crt'))?.toISOString()).toBe('2027-11-30T05:24:06.000Z')
    expect(certNotAfter(fixture('leaf-10-days.crt'))?.toISOString()).toBe('2026-12-10T05:24:06.000Z')
  })

  it('an unparsable certificate has no expiry (so it is issued again)', () => {
    expect(certNotAfter('not a certificate\n')).toBeUndefined()
  })
})
