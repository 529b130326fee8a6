import {describe, expect, it} from 'vitest'
import {isSecretName, listSecrets, secretUses} from '../../../src/secrets/uses.js'
import {smallInventory} from '../../helpers/small-inventory.js'

describe('which secrets the inventory reads', () => {
  it('names the workloads, backups and the site CA that read each secret', () => {
    const uses = secretUses(smallInventory())
    expect(uses.get('SIMPUS_DB_PASSWORD')).toEqual(['workload dinkes/simpus', 'workload dinkes/simpus-db'])
    expect(uses.get('SITE_CA_KEY')).toEqual(['pki (the site CA)'])
    expect([...uses.keys()].filter((n) => n.startsWith('RESTIC_PASSWORD_')).length).toBeGreaterThan(0)
  })

  it('lists stored and read names: ok, unused (stored, read by nothing) and missing (read, no value)', () => {
    const uses = new Map([
      ['A_TOKEN', ['workload x/a']],
      ['B_TOKEN', ['workload x/b']],
      ['C-TOKEN', ['workload x/c']],
    ])
    const list = listSecrets(uses, ['A_TOKEN', 'OLD_TOKEN'], ['C_TOKEN'])
    expect(list.map((e) => [e.name, e.status, e.stored, e.fromEnv])).toEqual([
      ['A_TOKEN', 'ok', true, false],
      ['B_TOKEN', 'missing', false, false],
      ['C-TOKEN', 'ok', false, true],
      ['OLD_TOKEN', 'unused', true, false],
    ])
  })

  it.each([
    ['DINKES_SMTP_PASSWORD', true],
    ['simpus-db-password', true],
    ['1PASSWORD', false],
    ['A B', false],
    ['A=B', false],
    ['', false],
  ])('isSecretName(%j) is %s', (name, ok) => expect(isSecretName(name)).toBe(ok))
})
