import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parseBackupSummary, parseCheckOutput} from '../../../src/backup/restic-output.js'
import {parseSnapshots} from '../../../src/backup/snapshots.js'
import {identityOf, itemTags} from '../../../src/backup/tags.js'
import {OpsError} from '../../../src/errors/ops-error.js'

// Recorded from restic 0.14.0 (Debian bookworm), the version the hosts run.
const fixture = (name: string): string => readFileSync(path.join(import.meta.dirname, '../../fixtures/backup/restic', name), 'utf8')

describe('parseSnapshots', () => {
  it('reads restic snapshots --json into snapshots with their kotadc identity, oldest first', () => {
    const snaps = parseSnapshots(fixture('snapshots.json'))
    expect(snaps).toHaveLength(2)
    expect(snaps[0]).toEqual({
      id: '91b2de65aaf81efc5a05d3d0af5c41c916255723216bf4cc76ee34adc8c35079',
      shortId: '91b2de65',
      time: '2026-11-29T12:05:05.034160431Z',
      host: 'docker1',
      tags: ['site=dc1', 'agency=dinkes', 'workload=simpus', 'kind=volume'],
      paths: ['/tmp/h10r/d'],
      identity: {site: 'dc1', agency: 'dinkes', workload: 'simpus', kind: 'volume'},
    })
    expect(snaps[1]?.paths).toEqual(['/simpus.sql'])
    expect(snaps[1]?.identity?.kind).toBe('postgres')
  })

  it('sorts by time whatever order restic printed', () => {
    const reversed = JSON.stringify((JSON.parse(fixture('snapshots.json')) as unknown[]).reverse())
    expect(parseSnapshots(reversed).map((s) => s.shortId)).toEqual(['91b2de65', '86f525ec'])
  })

  it.each([['[]'], ['null'], ['']])('reads %j as no snapshots', (text) => {
    expect(parseSnapshots(text)).toEqual([])
  })

  it('leaves out the identity of a snapshot without kotadc tags', () => {
    const [s] = parseSnapshots('[{"time":"2026-01-01T00:00:00Z","hostname":"h","paths":["/x"],"id":"abcdef0123456789","tags":["manual"]}]')
    expect(s?.identity).toBeUndefined()
    expect(s?.shortId).toBe('abcdef01')
  })

  it.each([
    ['not json', 'not JSON'],
    ['{"a":1}', 'not a JSON array'],
    ['[1]', 'entry 0 is not an object'],
    ['[{"time":"2026-01-01T00:00:00Z"}]', 'no snapshot id'],
    ['[{"id":"abcdef0123456789","time":"yesterday"}]', 'no valid time'],
  ])('refuses %j with BACKUP_SNAPSHOTS_UNREADABLE', (text, detail) => {
    let err: unknown
    try {
      parseSnapshots(text)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(OpsError)
    expect((err as OpsError).code).toBe('BACKUP_SNAPSHOTS_UNREADABLE')
    expect((err as OpsError).message).toContain(detail)
  })
})

describe('snapshot tags', () => {
  it('round-trips an identity through tags', () => {
    const id = {site: 'dc1', agency: 'dinkes', workload: 'simpus-db', kind: 'postgres'} as const
    expect(itemTags(id)).toEqual(['site=dc1', 'agency=dinkes', 'workload=simpus-db', 'kind=postgres'])
    expect(identityOf([...itemTags(id), 'extra'])).toEqual(id)
  })
  it('has no identity with a missing key or an unknown kind', () => {
    expect(identityOf(['site=dc1', 'agency=a', 'workload=w'])).toBeUndefined()
    expect(identityOf(['site=dc1', 'agency=a', 'workload=w', 'kind=tape'])).toBeUndefined()
  })
})

describe('parseBackupSummary', () => {
  it('takes the summary line and skips status lines', () => {
    expect(parseBackupSummary(fixture('backup-files.json'))).toEqual({
      snapshotId: '91b2de65',
      filesNew: 1,
      filesChanged: 0,
      filesUnmodified: 0,
      dataAdded: 703,
      totalFilesProcessed: 1,
      totalBytesProcessed: 3,
      totalDurationSeconds: 0.212116158,
    })
  })
  it('is undefined when restic stopped before its summary', () => {
    expect(parseBackupSummary('{"message_type":"status","percent_done":0}\nFatal: unable to open repository\n')).toBeUndefined()
  })
})

describe('parseCheckOutput', () => {
  it('is ok for a clean repository', () => {
    expect(parseCheckOutput(fixture('check-ok.txt'), 0)).toEqual({ok: true, problems: []})
  })
  it('lists the problem lines of a damaged repository', () => {
    const r = parseCheckOutput(fixture('check-corrupt.txt'), 1)
    expect(r.ok).toBe(false)
    expect(r.problems).toEqual([expect.stringMatching(/^Pack ID does not match/) as string, 'Fatal: repository contains errors'])
  })
  it('never calls a non-zero exit ok, even with reassuring text', () => {
    expect(parseCheckOutput('no errors were found\n', 1)).toEqual({ok: false, problems: ['restic check exited 1']})
  })
})
