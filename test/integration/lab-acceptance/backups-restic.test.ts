import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {runKotadc as cli} from '../../helpers/cli.js'
import {dockerObjects, LAB_CLI_TIMEOUT_MS, LAB_TEST_TIMEOUT_MS, labFenceEnv, requireLab, writeLabInventory, labUpOrThrow} from '../../helpers/lab.js'
import {labHooks} from '../../helpers/lab-state.js'
import {attackSealedFile} from './sftp-attacks.js'

// Issue 6 acceptance: backups with real restic over SFTP, sshd and PostgreSQL in lab containers, driven through the
// BUILT CLI on a trimmed copy of the example inventory (backup1, db1, docker1; agency dinkes, later disdik) under its
// own site name and pool (10.250-255: example-inventory-playbooks uses 10.100+, lab-cli 10.150+, lab-lifecycle and network-services 10.200+).
const repo = join(import.meta.dirname, '..', '..', '..')
const req = requireLab()
if (req.ok && !existsSync(join(repo, 'dist', 'src', 'commands', 'backup', 'run.js'))) {
  throw new Error('kotadc is not built: run `npm run build` (the npm test scripts do it in pretest)')
}
const site = `iss6-${process.pid}`
const pool = `10.${250 + (process.pid % 6)}.0.0/16`
const HOSTS = ['backup1', 'db1', 'docker1']
const FILES = '/srv/simpus/files'
const VOLUME = '/var/lib/docker/volumes/simpus-uploads/_data'
const container = (host: string): string => `kotadc-lab-${site}-${host}`
const inContainer = (host: string, script: string): string =>
  execFileSync('docker', ['exec', container(host), 'bash', '-c', script], {encoding: 'utf8', timeout: 60_000})
// The installed script's own repository settings and restic wrapper, for restic calls the test makes itself.
const withRestic = (script: string): string => `eval "$(grep -E '^(export RESTIC_|restic_\\(\\))' /usr/local/sbin/kotadc-backup-standard)"; ${script}`

const HOSTS_YAML = `hosts:
  - {name: docker1, address: 10.10.0.21, network: mgmt, roles: [docker]}
  - {name: db1, address: 10.10.0.31, network: mgmt, roles: [database]}
  - {name: backup1, address: 10.10.0.41, network: mgmt, roles: [backup]}
`
const DINKES = `agency: {code: dinkes, name: Dinas Kesehatan}
workloads:
  - name: simpus
    kind: container
    host: docker1
    image: registry.internal/dinkes/simpus:2.4.1
    port: 8081
    volumes: [{name: uploads, path: /app/uploads}]
    backup: {policy: standard, volumes: [uploads], paths: [${FILES}]}
  - {name: simpus-db, kind: postgres, host: db1, databases: [simpus], backup: {policy: standard}}
`
// Added mid-suite: a database PostgreSQL does not have, so its pg_dump fails.
const DISDIK = `agency: {code: disdik, name: Dinas Pendidikan}
workloads:
  - {name: dapodik-db, kind: postgres, host: db1, databases: [dapodik], backup: {policy: standard}}
`

interface Listed {
  workload: string
  snapshots: {id: string; kind: string; paths: string[]; tags: string[]; time: string}[]
}

describe.skipIf(!req.ok)(
  `in the lab: backups with restic, sshd and PostgreSQL are taken, restored, drilled and verified${req.reason ? ` (skipped: ${req.reason})` : ''}`,
  {timeout: LAB_TEST_TIMEOUT_MS},
  () => {
    let tmp: string
    const kotadc = (...args: string[]) =>
      cli([...args, '-i', join(tmp, 'inventory')], {
        cwd: tmp,
        timeoutMs: LAB_CLI_TIMEOUT_MS,
        env: {
          ...labFenceEnv(pool),
          KOTADC_SECRET_RESTIC_PASSWORD_DOCKER1: 'lab docker1 restic password',
          KOTADC_SECRET_RESTIC_PASSWORD_DB1: 'lab db1 restic password',
        },
      })
    const lab = (...args: string[]) => kotadc(...args, '--env', 'lab')
    const list = (): Listed[] => {
      const r = lab('backup', 'list', '--json')
      expect(r.status, r.stderr + r.stdout).toBe(0)
      return r.json().workloads
    }
    const snapshotsOf = (w: string) => list().find((x) => x.workload === w)?.snapshots ?? []
    const filesSums = (dir: string) => inContainer('docker1', `cd ${dir} && find . -type f -print0 | sort -z | xargs -0 sha256sum`)
    let originalSums = ''

    beforeAll(() => {
      tmp = mkdtempSync(join(tmpdir(), 'kotadc-accept-backups-'))
      writeLabInventory(tmp, site, {'hosts.yaml': HOSTS_YAML, 'agencies/dinkes.yaml': DINKES})
      labUpOrThrow(kotadc, pool)
      inContainer(
        'db1',
        [
          '/etc/init.d/postgresql start >/dev/null',
          'runuser -u postgres -- createdb simpus',
          `runuser -u postgres -- psql -q -d simpus -c "CREATE TABLE patients (id int PRIMARY KEY, name text); INSERT INTO patients VALUES (1, 'Ani'), (2, 'Budi'), (3, 'Citra')"`,
        ].join(' && '),
      )
      inContainer(
        'docker1',
        [
          `mkdir -p ${FILES}/sub ${VOLUME}`,
          `echo 'rekam medis v1' > ${FILES}/record.txt`,
          `head -c 300000 /dev/urandom > ${FILES}/sub/scan.bin`,
          `echo 'upload' > ${VOLUME}/photo.jpg`,
        ].join(' && '),
      )
      originalSums = filesSums(FILES)
    })
    // One failure is one red test: a lock a killed run left on this working copy is gone before the next test.
    labHooks(
      site,
      () => tmp,
      () => kotadc('lab', 'down', '--yes'),
    )

    it('deploying the backup phase installs scripts, timers and cron files, authorizes the sources, and a plan then shows nothing to change', () => {
      expect(dockerObjects('containers', `kotadc.lab=${site}`)).toEqual(HOSTS.map(container).sort())
      const r = lab('deploy', '--phase', 'base', '--phase', 'backups', '--yes', '--json')
      expect(r.status, r.stderr + r.stdout).toBe(0)
      expect(r.json().phases.map((p: {name: string; status: string}) => `${p.name}:${p.status}`)).toEqual(['base:changed', 'backups:changed'])
      for (const h of ['docker1', 'db1']) {
        expect(
          inContainer(
            h,
            'ls /etc/systemd/system/kotadc-backup-standard.timer /etc/cron.d/kotadc-backup-standard /usr/local/sbin/kotadc-backup-standard',
          ),
        ).toContain('.timer')
        expect(
          inContainer(
            h,
            'grep -c OnCalendar= /etc/systemd/system/kotadc-backup-standard.timer; cut -d" " -f1-5 /etc/cron.d/kotadc-backup-standard | tail -n1',
          ),
        ).toBe('1\n30 1 * * *\n')
        // The weekly read-back check: Sundays at noon.
        expect(
          inContainer(h, 'test -x /usr/local/sbin/kotadc-verify-standard && cut -d" " -f1-5 /etc/cron.d/kotadc-verify-standard | tail -n1'),
        ).toBe('0 12 * * 0\n')
      }
      // One account per source, each key in a root-owned file, the old shared account gone.
      expect(
        inContainer(
          'backup1',
          'cd /etc/ssh/kotadc-backup-keys && stat -c "%U %a %n" . * && cut -d" " -f4 *; grep AllowUsers /etc/ssh/sshd_config.d/50-kotadc-hardening.conf; id kotadc-backup 2>&1 || true',
        ),
      ).toMatch(
        /^root 755 \.\nroot 644 kotadc-bk-db1\nroot 644 kotadc-bk-docker1\nkotadc-backup@db1\nkotadc-backup@docker1\nAllowUsers .*kotadc-bk-db1 kotadc-bk-docker1\n.*no such user/,
      )
      const plan = lab('plan', '--phase', 'backups', '--json')
      expect(plan.status, plan.stderr + plan.stdout).toBe(0)
    })

    it('backup run snapshots the files, the volume and the database; backup list --json shows them with their tags; status is fresh', () => {
      const r = lab('backup', 'run', '--json')
      expect(r.status, r.stderr + r.stdout).toBe(0)
      expect(
        r
          .json()
          .runs.map((x: {host: string; status: string}) => `${x.host}:${x.status}`)
          .sort(),
      ).toEqual(['db1:ok', 'docker1:ok'])
      const simpus = snapshotsOf('simpus')
      expect(simpus.map((s) => `${s.kind}:${s.paths.join(',')}`).sort()).toEqual([`files:${FILES}`, `volume:${VOLUME}`])
      expect(simpus[0]?.tags).toEqual(expect.arrayContaining([`site=${site}`, 'agency=dinkes', 'workload=simpus']))
      const db = snapshotsOf('simpus-db')
      expect(db.map((s) => [s.kind, s.paths, s.tags])).toEqual([
        ['postgres', ['/simpus.sql'], [`site=${site}`, 'agency=dinkes', 'workload=simpus-db', 'kind=postgres']],
      ])
      const status = lab('backup', 'status', '--json')
      expect(status.status, status.stdout).toBe(0)
      expect(status.json().workloads.map((w: {workload: string; status: string}) => `${w.workload}:${w.status}`)).toEqual([
        'simpus:fresh',
        'simpus-db:fresh',
      ])
    })

    it("attack: docker1's backup key cannot reach db1's repository, delete or rewrite its own sealed snapshots, change its keys, or get a shell", async () => {
      // docker1 plays the compromised source: its own key, its own pinned known_hosts, the real sftp and ssh clients.
      const target = inContainer('docker1', `grep -o 'kotadc-bk-docker1@[^ :]*' /usr/local/sbin/kotadc-backup-standard | head -n1`).trim()
      const address = target.split('@')[1]!
      const opts =
        '-i /root/.ssh/kotadc-backup_ed25519 -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=/root/.ssh/kotadc-backup_known_hosts'
      const sftp = (user: string, ...cmds: string[]) =>
        inContainer('docker1', `printf '%s\\n' ${cmds.map((c) => `'${c}'`).join(' ')} | sftp -b - ${opts} ${user}@${address} 2>&1; echo "rc=$?"`)
      const snapshot = inContainer('backup1', 'ls /srv/restic/docker1/repo/snapshots | head -n1').trim()
      const sealed = `snapshots/${snapshot}`
      const before = inContainer(
        'backup1',
        'cd /srv/restic && find . -type f -printf "%u %m %p\\n" | sort | sha256sum; sha256sum /etc/ssh/kotadc-backup-keys/*',
      )
      expect(inContainer('backup1', `stat -c '%U %a' /srv/restic/docker1/repo/${sealed}`)).toBe('root 440\n')

      // Another source's account: docker1's key is not in its (root-owned) key file.
      expect(sftp('kotadc-bk-db1', 'ls')).toMatch(/Permission denied \(publickey\)[\s\S]*rc=255/)
      // Its own account sees only its repository: db1's, the keys and the rest of the host are outside the chroot.
      const look = sftp('kotadc-bk-docker1', 'ls /', 'ls /srv/restic/db1', 'get /etc/ssh/kotadc-backup-keys/kotadc-bk-docker1 /tmp/k')
      expect(look).toMatch(/^\/repo\s*$/m)
      expect(look).not.toContain('db1/repo')
      expect(look).toMatch(/not found|No such file/)
      // Its own sealed history: no delete, rename, overwrite or chmod through the sftp client.
      for (const cmd of [
        `rm ${sealed}`,
        `rename ${sealed} ${sealed}.x`,
        `put /etc/hostname ${sealed}`,
        `chmod 666 ${sealed}`,
        'put /etc/hostname config',
        'rmdir snapshots',
      ]) {
        expect(sftp('kotadc-bk-docker1', cmd), cmd).toMatch(/Permission denied[\s\S]*rc=1/)
      }
      // Its own access: a key dropped into its repository is not what sshd reads.
      expect(
        sftp(
          'kotadc-bk-docker1',
          'mkdir .ssh',
          'put /root/.ssh/kotadc-backup_ed25519.pub .ssh/authorized_keys',
          'put /root/.ssh/kotadc-backup_ed25519.pub /etc/ssh/kotadc-backup-keys/kotadc-bk-db1',
        ),
      ).toMatch(/rc=1/)
      expect(sftp('kotadc-bk-db1', 'ls')).toMatch(/rc=255/)
      // A shell: sshd forces internal-sftp whatever command is asked for.
      const shell = inContainer('docker1', `ssh ${opts} kotadc-bk-docker1@${address} 'echo PWNED; id' </dev/null 2>&1; echo "rc=$?"`)
      expect(shell).not.toContain('PWNED')
      expect(shell).toMatch(/This service allows sftp connections only[\s\S]*rc=1/)
      // Raw SFTP requests restic never makes, with the same stolen key.
      const privateKey = inContainer('docker1', 'cat /root/.ssh/kotadc-backup_ed25519')
      const raw = await attackSealedFile({address, port: 22, user: 'kotadc-bk-docker1', privateKey, file: `/repo/${sealed}`})
      expect(Object.entries(raw).filter(([, v]) => v === 'ok')).toEqual([])

      // Nothing changed on the backup host (the empty .ssh directory is all the account could add), and the history is whole.
      inContainer('backup1', 'rm -rf /srv/restic/docker1/repo/.ssh')
      expect(
        inContainer('backup1', 'cd /srv/restic && find . -type f -printf "%u %m %p\\n" | sort | sha256sum; sha256sum /etc/ssh/kotadc-backup-keys/*'),
      ).toBe(before)
      const verify = lab('backup', 'verify', '--json')
      expect(verify.status, verify.stderr + verify.stdout).toBe(0)
    })

    it("a backup host presenting another key than its pin is refused by the source's restic (StrictHostKeyChecking=yes), loudly", () => {
      const file = '/root/.ssh/kotadc-backup_known_hosts'
      const pinned = inContainer('docker1', `cat ${file}`)
      // What a machine in the middle would present: a key that is not backup1's.
      const other = inContainer('db1', 'cat /etc/ssh/ssh_host_ed25519_key.pub').split(' ').slice(0, 2).join(' ')
      inContainer('docker1', `cp ${file} ${file}.good && sed -i "s#ssh-ed25519 .*#${other}#" ${file}`)
      try {
        const r = lab('backup', 'run', '--limit', 'docker1', '--json')
        expect(r.status).toBe(3)
        expect(r.json().runs[0]).toMatchObject({host: 'docker1', status: 'failed'})
        expect(r.json().runs[0].stderrTail).toMatch(/Host key verification failed|unable to start the sftp session/)
      } finally {
        inContainer('docker1', `mv ${file}.good ${file}`)
      }
      expect(inContainer('docker1', `cat ${file}`)).toBe(pinned)
    })

    it('after the files change, the older snapshot restored to a scratch path has the original checksums; live paths are refused', () => {
      const older = snapshotsOf('simpus').find((s) => s.kind === 'files')!
      inContainer(
        'docker1',
        `echo 'rekam medis v2' > ${FILES}/record.txt && rm ${FILES}/sub/scan.bin && head -c 600000 /dev/urandom > ${FILES}/sub/scan2.bin`,
      )
      const r = lab('backup', 'restore', 'simpus', '--snapshot', older.id.slice(0, 8), '--to', 'docker1:/var/tmp/restore-simpus', '--json')
      expect(r.status, r.stderr + r.stdout).toBe(0)
      expect(r.json().items.map((i: {snapshotId: string}) => i.snapshotId)).toEqual([older.id])
      expect(r.json().items[0].checks.map((c: {name: string; ok: boolean}) => `${c.name}:${c.ok}`)).toEqual([
        'restore:true',
        'checksums:true',
        'files:true',
      ])
      expect(filesSums(`/var/tmp/restore-simpus${FILES}`)).toBe(originalSums)
      // The changed files get a new snapshot; the source never forgets, so the morning's stays until kotadc prunes.
      expect(lab('backup', 'run', '--limit', 'docker1', '--json').status).toBe(0)
      expect(
        snapshotsOf('simpus')
          .filter((s) => s.kind === 'files')
          .map((s) => s.id),
      ).toContain(older.id)
      // prune runs restic as root on backup1 over kotadc's own connection; keep-daily keeps one per day and series.
      const prune = lab('backup', 'prune', '--limit', 'docker1', '--yes', '--json')
      expect(prune.status, prune.stderr + prune.stdout).toBe(0)
      expect(
        prune.json().prunes.map((p: {host: string; repositoryHost: string; status: string}) => `${p.host}@${p.repositoryHost}:${p.status}`),
      ).toEqual(['docker1@backup1:pruned'])
      // The list after the prune reads the index restic rewrote as root: the seal made it readable to the source.
      const newer = snapshotsOf('simpus').filter((s) => s.kind === 'files')
      expect(newer.map((s) => s.id)).not.toContain(older.id)
      expect(newer).toHaveLength(1)
      const latest = lab('backup', 'restore', 'simpus', '--to', 'docker1:/var/tmp/restore-latest', '--json')
      expect(latest.status, latest.stderr + latest.stdout).toBe(0)
      expect(
        latest
          .json()
          .items.map((i: {kind: string}) => i.kind)
          .sort(),
      ).toEqual(['files', 'volume'])
      expect(filesSums(`/var/tmp/restore-latest${FILES}`)).toBe(filesSums(FILES))
      expect(inContainer('docker1', `cat /var/tmp/restore-latest${VOLUME}/photo.jpg`)).toBe('upload\n')
      const live = lab('backup', 'restore', 'simpus', '--to', 'docker1:/srv/simpus', '--json')
      expect(live.status).toBe(1)
      expect(live.json().error.code).toBe('BACKUP_RESTORE_OVER_LIVE_DATA')
      const again = lab('backup', 'restore', 'simpus', '--to', 'docker1:/var/tmp/restore-simpus', '--json')
      expect(again.json().error.code).toBe('BACKUP_RESTORE_TARGET_NOT_EMPTY')
    })

    it('a database dump restored into a new database returns the original rows', () => {
      const r = lab('backup', 'restore', 'simpus-db', '--database', 'simpus_restored', '--json')
      expect(r.status, r.stderr + r.stdout).toBe(0)
      expect(inContainer('db1', `runuser -u postgres -- psql -At -d simpus_restored -c "SELECT id, name FROM patients ORDER BY id"`)).toBe(
        '1|Ani\n2|Budi\n3|Citra\n',
      )
    })

    it('backup drill passes on a healthy repository, cleans up, and writes a dated evidence record per workload', () => {
      const r = lab('backup', 'drill', '--json')
      expect(r.status, r.stderr + r.stdout).toBe(0)
      const drills = r.json().drills as {workload: string; outcome: string; evidence: string; items: {checks: {name: string; ok: boolean}[]}[]}[]
      expect(drills.map((d) => `${d.workload}:${d.outcome}`)).toEqual(['simpus:passed', 'simpus-db:passed'])
      expect(drills[1]?.items[0]?.checks.map((c) => c.name)).toEqual(['restore', 'dump-complete', 'load', 'sanity-query'])
      for (const d of drills) {
        expect(d.evidence).toMatch(new RegExp(`^\\.kotadc/drills/\\d{4}-\\d{2}-\\d{2}T\\d{6}Z-${d.workload}\\.json$`))
        expect(JSON.parse(readFileSync(join(tmp, d.evidence), 'utf8'))).toMatchObject({workload: d.workload, outcome: 'passed'})
      }
      expect(
        inContainer(
          'db1',
          `ls /var/tmp | grep -c kotadc-drill || true; runuser -u postgres -- psql -At -c "SELECT count(*) FROM pg_database WHERE datname LIKE 'kotadc_drill%'"`,
        ),
      ).toBe('0\n0\n')
    })

    it('a failing pg_dump (a database that does not exist) fails the run and leaves no snapshot of it', () => {
      writeFileSync(join(tmp, 'inventory', 'agencies', 'disdik.yaml'), DISDIK)
      const deploy = lab('deploy', '--phase', 'backups', '--yes', '--json')
      expect(deploy.status, deploy.stderr + deploy.stdout).toBe(0)
      const before = snapshotsOf('simpus-db').map((s) => s.id)
      const r = lab('backup', 'run', '--limit', 'db1', '--json')
      expect(r.status).toBe(3)
      expect(r.json().runs[0]).toMatchObject({host: 'db1', status: 'failed', failedItems: ['dapodik-db database dapodik']})
      expect(snapshotsOf('dapodik-db')).toEqual([])
      // The other database of the same run still got its new snapshot.
      const after = snapshotsOf('simpus-db').map((s) => s.id)
      expect(after.filter((id) => !before.includes(id))).toHaveLength(1)
    })

    it('backup status reports a workload stale once its newest snapshot is older than its RPO, and exits 1', () => {
      const ids = inContainer(
        'db1',
        withRestic(
          `restic_ snapshots --json --tag workload=simpus-db | python3 -c 'import json,sys; print(" ".join(s["id"] for s in json.load(sys.stdin)))'`,
        ),
      ).trim()
      // db1 itself cannot forget its sealed snapshots; root on the backup host can, as kotadc's prune does.
      inContainer('db1', withRestic(`restic_ forget ${ids} >/dev/null 2>&1 || true`))
      expect(
        snapshotsOf('simpus-db')
          .map((s) => s.id)
          .sort()
          .join(' '),
      ).toBe(ids.split(' ').sort().join(' '))
      inContainer('backup1', `echo 'lab db1 restic password' | restic --no-cache -r /srv/restic/db1/repo forget ${ids} >/dev/null 2>&1`)
      inContainer(
        'db1',
        withRestic(
          [
            `runuser -u postgres -- pg_dump simpus | restic_ backup --stdin --stdin-filename simpus.sql --host db1 --tag site=${site},agency=dinkes,workload=simpus-db,kind=postgres --time "2020-01-01 00:00:00" >/dev/null`,
          ].join(' && '),
        ),
      )
      const r = lab('backup', 'status', '--json')
      expect(r.status).toBe(1)
      const rows = r.json().workloads as {workload: string; status: string; items: {ageHours?: number}[]}[]
      expect(rows.map((w) => `${w.workload}:${w.status}`)).toEqual(['dapodik-db:never', 'simpus:fresh', 'simpus-db:stale'])
      expect(rows.find((w) => w.workload === 'simpus-db')?.items[0]?.ageHours).toBeGreaterThan(26)
      expect(lab('backup', 'status').stdout).toMatch(/simpus-db .*STALE/)
    })

    // Runs the installed weekly check for each part of its cycle, as root on the source (through its jailed account).
    const weeklyParts = () =>
      [1, 2, 3, 4].map((n) => inContainer('docker1', `/usr/local/sbin/kotadc-verify-standard ${n} 2>&1 | tail -n1; echo "rc=$?"`))

    it("the weekly read-back check reads every part of a healthy repository through the source's own account", () => {
      const parts = weeklyParts()
      parts.forEach((out, i) => expect(out).toContain(`read part ${i + 1}/4 of the pack files back: no errors`))
    })

    it('after a pack file is corrupted, the weekly check (one part of four), backup verify and backup drill fail loudly, naming the workload', () => {
      inContainer(
        'backup1',
        'p=$(find /srv/restic/docker1/repo/data -type f -printf "%s %p\\n" | sort -n | tail -n1 | cut -d" " -f2); chmod u+w "$p"; printf "CORRUPTCORRUPTCORRUPTCORRUPT" | dd of="$p" bs=1 seek=200 conv=notrunc 2>/dev/null',
      )
      const failed = weeklyParts().filter((out) => out.includes('ERRORS'))
      expect(failed).toHaveLength(1)
      const verify = lab('backup', 'verify', '--limit', 'docker1', '--read-data-subset', '100%', '--json')
      expect(verify.status, verify.stdout).toBe(1)
      expect(verify.json().repositories[0]).toMatchObject({host: 'docker1', ok: false})
      const drill = lab('backup', 'drill', '--limit', 'docker1')
      expect(drill.status).toBe(1)
      expect(drill.stdout).toContain('DRILL FAILED for workload simpus')
      expect(readdirSync(join(tmp, '.kotadc', 'drills')).filter((f) => f.endsWith('-simpus.json')).length).toBe(2)
    })
  },
)
