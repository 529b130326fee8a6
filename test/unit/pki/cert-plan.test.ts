import {describe, expect, it} from 'vitest'
import {certPaths, planCertificates} from '../../../src/pki/cert-plan.js'
import {netsvcInventory} from '../netsvc/netsvc-inventory.js'

const NOW = new Date('2026-11-29T12:00:00Z')
const days = (n: number): Date => new Date(NOW.getTime() + n * 86_400_000)

describe('certificate plan', () => {
  it.each([
    ['no certificate yet', undefined, 'issue'],
    ['expired yesterday', days(-1), 'renew'],
    ['expires in 10 days', days(10), 'renew'],
    ['expires in exactly 30 days', days(30), 'renew'],
    ['expires in 31 days', days(31), 'keep'],
    ['valid for a year', days(365), 'keep'],
  ] as const)('%s → %s', (_, expiry, action) => {
    const plan = planCertificates(netsvcInventory(), {now: NOW, expiry: (d) => (d === 'simpus.kota.example' ? expiry : days(200))})
    expect(plan.find((p) => p.domain === 'simpus.kota.example')?.action).toBe(action)
  })

  it('covers every workload domain, sorted, with the workload that owns it', () => {
    const plan = planCertificates(netsvcInventory(), {now: NOW, expiry: () => days(100)})
    expect(plan.map((p) => [p.domain, p.workload, p.action, p.reason])).toEqual([
      ['arsip.kota.example', 'arsip', 'keep', 'valid for 100 more days'],
      ['kota.example', 'portal', 'keep', 'valid for 100 more days'],
      ['simpus.kota.example', 'simpus', 'keep', 'valid for 100 more days'],
    ])
  })

  it('puts certificate and key where the vhosts read them', () => {
    expect(certPaths('kota.example')).toEqual({crt: '/etc/kotadc/tls/kota.example.crt', key: '/etc/kotadc/tls/kota.example.key'})
  })
})
