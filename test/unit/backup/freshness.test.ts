import {describe, expect, it} from 'vitest'
import {backupFreshness} from '../../../src/backup/freshness.js'
import {planBackups} from '../../../src/backup/plan.js'
import type {Snapshot} from '../../../src/backup/snapshots.js'
import {identityOf, itemTags} from '../../../src/backup/tags.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const NOW = new Date('2026-03-10T12:00:00Z')
let n = 0
const snap = (host: string, time: string, tags: string[], paths: string[]): Snapshot => {
  const id = (++n).toString(16).padStart(64, '0')
  const identity = identityOf(tags)
  return {id, shortId: id.slice(0, 8), time, host, tags, paths, ...(identity ? {identity} : {})}
}
const volumeTags = itemTags({site: 'dc1', agency: 'dinkes', workload: 'simpus', kind: 'volume'})
const dbTags = itemTags({site: 'dc1', agency: 'dinkes', workload: 'simpus-db', kind: 'postgres'})
const VOLUME = ['/var/lib/docker/volumes/simpus-uploads/_data']

// smallInventory: policy standard, rpoHours 26; simpus (volume uploads on docker1) and simpus-db (database simpus on db1).
// Sorted by workload name: simpus, then simpus-db.
const freshness = (byHost: Record<string, Snapshot[]>) => backupFreshness('dc1', planBackups(smallInventory()), new Map(Object.entries(byHost)), NOW)

describe('backupFreshness', () => {
  it('is fresh within rpoHours, using the newest matching snapshot', () => {
    const [vol, db] = freshness({
      docker1: [snap('docker1', '2026-03-08T01:30:00Z', volumeTags, VOLUME), snap('docker1', '2026-03-10T01:30:00+08:00', volumeTags, VOLUME)],
      db1: [snap('db1', '2026-03-09T11:00:00Z', dbTags, ['/simpus.sql'])],
    })
    expect(vol).toMatchObject({workload: 'simpus', status: 'fresh', rpoHours: 26, policy: 'standard'})
    expect(vol?.items[0]).toMatchObject({newest: '2026-03-10T01:30:00+08:00', ageHours: 18.5})
    expect(db).toMatchObject({workload: 'simpus-db', status: 'fresh'})
    expect(db?.items[0]?.ageHours).toBe(25)
  })

  it('is stale once the newest snapshot is older than rpoHours', () => {
    const [vol] = freshness({docker1: [snap('docker1', '2026-03-09T09:59:00Z', volumeTags, VOLUME)]})
    expect(vol?.status).toBe('stale')
  })

  it('is never when no snapshot matches host, site, workload, kind and paths', () => {
    const [vol, db] = freshness({
      docker1: [
        snap('docker9', '2026-03-10T11:00:00Z', volumeTags, VOLUME),
        snap('docker1', '2026-03-10T11:00:00Z', itemTags({site: 'other', agency: 'dinkes', workload: 'simpus', kind: 'volume'}), VOLUME),
        snap('docker1', '2026-03-10T11:00:00Z', volumeTags, ['/var/lib/docker/volumes/simpus-logs/_data']),
        snap('docker1', '2026-03-10T11:00:00Z', ['manual'], VOLUME),
      ],
      db1: [snap('db1', '2026-03-10T11:00:00Z', dbTags, ['/other.sql'])],
    })
    expect(vol?.status).toBe('never')
    expect(db?.status).toBe('never')
    expect(vol?.items[0]?.newest).toBeUndefined()
  })

  it('takes the worst item of a workload, and counts a future snapshot (clock skew) as age 0', () => {
    const inv = smallInventory()
    const db = inv.workloads.find((w) => w.name === 'simpus-db')
    if (db?.kind !== 'postgres') throw new Error('fixture changed')
    db.databases = ['simpus', 'audit']
    const dbf = backupFreshness(
      'dc1',
      planBackups(inv),
      new Map([['db1', [snap('db1', '2026-03-10T13:00:00Z', dbTags, ['/simpus.sql'])]]]),
      NOW,
    ).find((f) => f.workload === 'simpus-db')
    expect(dbf?.items.map((i) => [i.label, i.status, i.ageHours])).toEqual([
      ['simpus-db database simpus', 'fresh', 0],
      ['simpus-db database audit', 'never', undefined],
    ])
    expect(dbf?.status).toBe('never')
  })
})
