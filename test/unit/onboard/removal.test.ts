import {describe, expect, it} from 'vitest'
import type {WorkloadFreshness} from '../../../src/backup/freshness.js'
import {holdsData, leftovers, removalSet, unsafeToRemove} from '../../../src/onboard/removal.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const fresh = (workload: string, status: WorkloadFreshness['status'], ageHours?: number): WorkloadFreshness => ({
  workload,
  agency: 'dinkes',
  policy: 'standard',
  rpoHours: 26,
  status,
  items:
    ageHours === undefined
      ? []
      : [{host: 'docker1', workload, agency: 'dinkes', label: workload, policy: 'standard', rpoHours: 26, status, ageHours}],
})

describe('removing a workload', () => {
  const inv = smallInventory()
  const set = removalSet(inv, 'dinkes', 'simpus')

  it('takes the workload and its NAME-db, nothing of another agency', () => {
    expect(set.map((w) => w.name)).toEqual(['simpus', 'simpus-db'])
    expect(removalSet(inv, 'setda', 'simpus')).toEqual([])
    expect(set.every(holdsData)).toBe(true)
  })

  it('is safe only when every workload holding data has a fresh backup', () => {
    expect(unsafeToRemove(set, [fresh('simpus', 'fresh', 2), fresh('simpus-db', 'fresh', 3)])).toEqual([])
    expect(unsafeToRemove(set, [fresh('simpus', 'stale', 40.25), fresh('simpus-db', 'never')])).toEqual([
      'simpus: newest backup is 40.3 h old, policy standard allows 26 h',
      'simpus-db: never backed up',
    ])
    expect(unsafeToRemove(set, [fresh('simpus', 'fresh', 1)])).toEqual(['simpus-db: its backup status could not be read'])
    const vm = inv.workloads.filter((w) => w.name === 'arsip')
    expect(unsafeToRemove(vm, [])).toEqual(['arsip holds data and has no backup section'])
  })

  it('lists what the next deploy removes and what is left by hand, never a value', () => {
    expect(leftovers(inv, set)).toEqual({
      nextDeploy: [
        'container simpus on docker1 with its docker volume(s) simpus-uploads (terraform manages them: their data is then only in the backups)',
        'DNS record and proxy site of simpus.kota.example',
      ],
      byHand: [
        'snapshots of simpus stay in the backup repository on backup1 until you forget them',
        'database(s) simpus and role simpus-db on db1: kotadc never drops them (DROP DATABASE ...; DROP ROLE simpus-db;)',
        'snapshots of simpus-db stay in the backup repository on backup1 until you forget them',
        'secrets SIMPUS_DB_PASSWORD stay in secrets.age, unused (`kotadc secrets list`)',
      ],
    })
  })
})
