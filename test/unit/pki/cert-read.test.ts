import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {certificatesCommand, certNotAfter, parseCertificates} from '../../../src/pki/cert-read.js'
import {renderCmd} from '../../../src/tasks/cmd.js'

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/pki/${name}`, import.meta.url), 'utf8')
const b64 = (text: string): string => Buffer.from(text).toString('base64')

describe('reading the proxy certificates', () => {
  it('reads every certificate with one command and no openssl (one process per certificate cost half a second)', () => {
    const cmd = renderCmd(certificatesCommand(['kota.example', 'arsip.kota.example']))
    expect(cmd).toContain('/etc/kotadc/tls/kota.example.crt')
    expect(cmd).toContain('/etc/kotadc/tls/arsip.kota.example.crt')
    expect(cmd).toMatch(/^sudo -n /)
    expect(cmd).not.toContain('openssl')
  })

  it('refuses a domain that could escape the certificate directory', () => {
    expect(() => certificatesCommand(['../etc/shadow'])).toThrow()
  })

  it('takes notAfter from the certificate itself', () => {
    expect(certNotAfter(fixture('leaf-365-days.crt'))?.toISOString()).toBe('2027-11-30T05:24:06.000Z')
    expect(certNotAfter(fixture('leaf-10-days.crt'))?.toISOString()).toBe('2026-12-10T05:24:06.000Z')
  })

  it('maps each path to its expiry: missing and unparsable certificates have none (so they are issued again)', () => {
    const out = [
      `/etc/kotadc/tls/a.crt ${b64(fixture('leaf-365-days.crt'))}`,
      '/etc/kotadc/tls/b.crt none',
      `/etc/kotadc/tls/c.crt ${b64('not a certificate\n')}`,
      `/etc/kotadc/tls/d.crt ${b64(fixture('leaf-10-days.crt'))}`,
      '',
    ].join('\n')
    const got = parseCertificates(out)
    expect([...got].map(([p, d]) => [p, d?.toISOString()])).toEqual([
      ['/etc/kotadc/tls/a.crt', '2027-11-30T05:24:06.000Z'],
      ['/etc/kotadc/tls/b.crt', undefined],
      ['/etc/kotadc/tls/c.crt', undefined],
      ['/etc/kotadc/tls/d.crt', '2026-12-10T05:24:06.000Z'],
    ])
  })
})
