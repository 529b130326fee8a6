import {describe, expect, it} from 'vitest'
import {compareFiles, checksumCheck, restoredFiles, snapshotFiles} from '../../../src/backup/drill.js'
import {planBackups} from '../../../src/backup/plan.js'
import {failedItemsOf, hostRepositories, resticCmd} from '../../../src/backup/remote.js'
import {livePathsHit, parseRestoreTarget} from '../../../src/backup/restore-target.js'
import {displayCmd} from '../../../src/tasks/cmd.js'
import {smallInventory} from '../../helpers/small-inventory.js'

describe('restore targets', () => {
  it.each([
    ['db1:/var/tmp/r', {host: 'db1', path: '/var/tmp/r'}],
    ['db1:/var/tmp/r/', {host: 'db1', path: '/var/tmp/r'}],
    ['db1:relative', undefined],
    ['db1:/a/../etc', undefined],
    ['DB1:/x', undefined],
    ['/x', undefined],
  ])('%s', (text, expected) => expect(parseRestoreTarget(text)).toEqual(expected))

  it('a path inside, equal to or above a backed-up path is live data; a sibling is not', () => {
    const items = planBackups(smallInventory())
      .hosts.find((h) => h.host === 'docker1')!
      .runs.flatMap((r) => r.items)
    const vol = '/var/lib/docker/volumes/simpus-uploads/_data'
    expect(livePathsHit('/var/lib/docker', items)).toEqual([vol])
    expect(livePathsHit(`${vol}/sub`, items)).toEqual([vol])
    expect(livePathsHit('/', items)).toEqual(['/'])
    expect(livePathsHit('/var/tmp/restore', items)).toEqual([])
    expect(livePathsHit('/var/lib/docker/volumes/simpus-uploads/_data2', items)).toEqual([])
  })
})

describe('restic on a source host', () => {
  it('runs as root with the repository and password file in the environment, never the password itself', () => {
    const plan = planBackups(smallInventory()).hosts.find((h) => h.host === 'db1')!
    const [repo] = hostRepositories(plan)
    expect(displayCmd(resticCmd(repo!, ['snapshots', '--json']))).toBe(
      'sudo -n env RESTIC_REPOSITORY=sftp:kotadc-bk-db1@10.10.0.41:/repo RESTIC_PASSWORD_FILE=/etc/kotadc/restic/password restic -o ' +
        "'sftp.command=ssh -i /root/.ssh/kotadc-backup_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=/root/.ssh/kotadc-backup_known_hosts -o ServerAliveInterval=60 -p 22 kotadc-bk-db1@10.10.0.41 -s sftp' snapshots --json",
    )
  })

  it('reads the failed items out of the script’s stderr', () => {
    expect(
      failedItemsOf('kotadc-backup: a\nkotadc-backup: FAILED: bad-db database broken\nrestic noise\nkotadc-backup: FAILED: gone files\n'),
    ).toEqual(['bad-db database broken', 'gone files'])
  })
})

describe('drill checks', () => {
  const ls = [
    '{"time":"2025-01-01T00:00:00Z","paths":["/srv/x"],"struct_type":"snapshot"}',
    '{"name":"x","type":"dir","path":"/srv/x","struct_type":"node"}',
    '{"name":"a","type":"file","path":"/srv/x/a","size":3,"struct_type":"node"}',
    '{"name":"b","type":"file","path":"/srv/x/sub/b","size":100,"struct_type":"node"}',
  ].join('\n')

  it('every file of the snapshot restored with its size passes; a missing or short file fails, named', () => {
    const expected = snapshotFiles(ls)
    expect([...expected]).toEqual([
      ['srv/x/a', 3],
      ['srv/x/sub/b', 100],
    ])
    expect(compareFiles(expected, restoredFiles('3 /var/tmp/d/srv/x/a\n100 /var/tmp/d/srv/x/sub/b\n', '/var/tmp/d')).ok).toBe(true)
    const bad = compareFiles(expected, restoredFiles('2 /var/tmp/d/srv/x/a\n', '/var/tmp/d'))
    expect(bad).toMatchObject({ok: false, detail: '2 of 2 files differ: srv/x/a has 2 bytes, the snapshot 3; srv/x/sub/b missing'})
    expect(compareFiles(new Map(), new Map()).ok).toBe(false)
  })

  it('a restore into / lists relative to /', () => {
    expect([...restoredFiles('3 /srv/x/a\n', '/')]).toEqual([['srv/x/a', 3]])
  })

  it('checksums pass only when restic says it verified the files and exited 0', () => {
    expect(checksumCheck(0, 'verifying files in /t\nfinished verifying 2 files in /t (took 1ms)\n').ok).toBe(true)
    expect(checksumCheck(1, 'ignoring error for /data/b: ciphertext verification failed\nFatal: There were 2 errors\n')).toMatchObject({
      ok: false,
      detail: 'ignoring error for /data/b: ciphertext verification failed; Fatal: There were 2 errors',
    })
    expect(checksumCheck(0, 'restoring <Snapshot>\n').ok).toBe(false)
  })
})
