import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {BackupItem} from '../../../src/backup/plan.js'
import {snapshotsArgs, unlockArgs} from '../../../src/backup/restic-args.js'
import {backupScript} from '../../../src/backup/script.js'
import {parseSnapshots} from '../../../src/backup/snapshots.js'
import {itemTags} from '../../../src/backup/tags.js'
import {requireBinary} from '../../helpers/require.js'
import {waitFor} from '../../helpers/wait.js'

// Runs the generated script with real bash and restic against a local repository (no SSH, no pg_dump).
const need = requireBinary('restic', 'bash', 'flock')

describe.skipIf(!need.ok)('generated backup script, run for real', {timeout: 60_000}, () => {
  let dir: string
  const tags = (workload: string, kind: 'files' | 'postgres') => itemTags({site: 'dc1', agency: 'dinkes', workload, kind})
  // A path that would run code if the script ever let the shell parse it.
  const hostile = () => path.join(dir, "data $(touch PWNED) 'q' `x`")

  const write = (items: BackupItem[], name = 'backup.sh'): string => {
    const file = path.join(dir, name)
    const text = backupScript({
      host: 'src1',
      policy: 'standard',
      repositoryUrl: path.join(dir, 'repo'),
      resticOptions: [],
      passwordFile: path.join(dir, 'pw'),
      stateDir: path.join(dir, 'state'),
      items,
      // Stands in for pg_dump: prints a dump, and fails half-way for the database named "broken".
      dumpCommand: ['sh', '-c', 'echo "-- dump of $1"; if [ "$1" = broken ]; then exit 3; fi', 'dump'],
    })
    writeFileSync(file, text, {mode: 0o755})
    return file
  }
  const run = (file: string) =>
    spawnSync('bash', [file], {cwd: dir, encoding: 'utf8', env: {...process.env, RESTIC_CACHE_DIR: path.join(dir, 'cache')}})
  const snapshots = () =>
    parseSnapshots(
      execFileSync('restic', snapshotsArgs(), {
        encoding: 'utf8',
        env: {
          ...process.env,
          RESTIC_REPOSITORY: path.join(dir, 'repo'),
          RESTIC_PASSWORD_FILE: path.join(dir, 'pw'),
          RESTIC_CACHE_DIR: path.join(dir, 'cache'),
        },
      }),
    )

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kotadc-backup-'))
    writeFileSync(path.join(dir, 'pw'), 'correct horse battery staple\n', {mode: 0o600})
    mkdirSync(hostile())
    writeFileSync(path.join(hostile(), 'file.txt'), 'payload\n')
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('creates the repository, backs up paths and dumps, tags every snapshot, and exits 0', () => {
    const file = write([
      {kind: 'files', workload: 'arsip', agency: 'dinkes', paths: [hostile()], tags: tags('arsip', 'files'), label: 'arsip files'},
      {
        kind: 'postgres',
        workload: 'simpus-db',
        agency: 'dinkes',
        database: 'simpus',
        tags: tags('simpus-db', 'postgres'),
        label: 'simpus-db database simpus',
      },
    ])
    const r = run(file)
    expect(r.stderr).toContain('kotadc-backup standard: 2 succeeded')
    expect(r.status).toBe(0)
    expect(existsSync(path.join(dir, 'PWNED'))).toBe(false)
    const snaps = snapshots()
    expect(snaps.map((s) => s.paths[0]).sort()).toEqual(['/simpus.sql', hostile()])
    expect(snaps.every((s) => s.host === 'src1')).toBe(true)
    expect(snaps.find((s) => s.paths[0] === '/simpus.sql')?.tags).toEqual(tags('simpus-db', 'postgres'))
  })

  it('a failed dump fails the run, names the item, leaves no snapshot of it, and still runs the other items', () => {
    const file = write([
      {kind: 'postgres', workload: 'bad-db', agency: 'dinkes', database: 'broken', tags: tags('bad-db', 'postgres'), label: 'bad-db database broken'},
      {kind: 'files', workload: 'arsip', agency: 'dinkes', paths: [hostile()], tags: tags('arsip', 'files'), label: 'arsip files'},
      {kind: 'files', workload: 'gone', agency: 'dinkes', paths: [path.join(dir, 'missing')], tags: tags('gone', 'files'), label: 'gone files'},
    ])
    const r = run(file)
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/2 failed, 1 succeeded/)
    expect(r.stderr).toContain('  bad-db database broken\n')
    expect(r.stderr).toContain('  gone files\n')
    expect(r.stderr).toMatch(/dump of broken failed; forgetting its partial snapshot [0-9a-f]{8}/)
    // Nothing is forgotten by rule on the source (retention is kotadc's prune): both arsip snapshots stay.
    expect(
      snapshots()
        .map((s) => s.paths[0])
        .sort(),
    ).toEqual(['/simpus.sql', hostile(), hostile()])
  })

  it("a stale lock left by a killed run does not stop the next run; the script leaves it for kotadc's prune (restic unlock)", async () => {
    const locks = path.join(dir, 'repo', 'locks')
    // A restic reading stdin that never ends holds its lock until it is killed with no chance to clean up.
    const env = {
      ...process.env,
      RESTIC_REPOSITORY: path.join(dir, 'repo'),
      RESTIC_PASSWORD_FILE: path.join(dir, 'pw'),
      RESTIC_CACHE_DIR: path.join(dir, 'cache'),
    }
    const stuck = spawn('restic', ['backup', '--stdin', '--host', 'src1'], {env, stdio: ['pipe', 'ignore', 'ignore']})
    await waitFor(() => readdirSync(locks).length > 0, 'restic to take its repository lock', {intervalMs: 50})
    stuck.kill('SIGKILL')
    await new Promise((r) => stuck.once('exit', r))
    expect(readdirSync(locks)).toHaveLength(1)
    const file = write(
      [{kind: 'files', workload: 'arsip', agency: 'dinkes', paths: [hostile()], tags: tags('arsip', 'files'), label: 'arsip files'}],
      'again.sh',
    )
    const r = run(file)
    expect(r.stderr).not.toContain('FAILED')
    expect(r.status).toBe(0)
    // The source never unlocks (on a backup host it could not remove a sealed lock); the prune does, as here.
    expect(readdirSync(locks)).toHaveLength(1)
    expect(spawnSync('restic', unlockArgs(), {env, encoding: 'utf8'}).status).toBe(0)
    expect(readdirSync(locks)).toHaveLength(0)
  })
})
