import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditRecord} from '../../src/exec/audit.js'
import {kotadc, NODE, REPO_ROOT, runKotadc, startKotadc} from '../helpers/cli.js'
import {LockRacer} from '../helpers/lock-racer.js'
import {startSilentHost, writeSilentHostInventory} from '../helpers/silent-host-inventory.js'
import {waitFor} from '../helpers/wait.js'

const errorOf = (stdout: string): {code: string; message: string} => (JSON.parse(stdout) as {error: {code: string; message: string}}).error

describe('the site lock across kotadc commands (real processes)', () => {
  let repo: string
  let silent: Awaited<ReturnType<typeof startSilentHost>>
  let lockFile: string
  let auditFile: string

  beforeAll(async () => {
    if (!existsSync(join(REPO_ROOT, 'dist/src/commands/deploy.js'))) throw new Error('dist/ is missing: run `npm run build` first')
    silent = await startSilentHost()
    repo = mkdtempSync(join(tmpdir(), 'kotadc-e2e-lock-'))
    writeSilentHostInventory(repo, silent.port)
    lockFile = join(repo, '.kotadc', 'locksite.lock')
    auditFile = join(repo, '.kotadc', 'audit.jsonl')
  })
  afterAll(async () => {
    await silent?.stop()
    if (repo) rmSync(repo, {recursive: true, force: true})
  })

  /** Starts `kotadc deploy --phase base --yes --json` and waits until it holds the site lock. */
  async function deployHoldingTheLock(): Promise<ReturnType<typeof startKotadc>> {
    const {child, exited} = startKotadc(repo, 'deploy', '--phase', 'base', '--yes', '--json')
    await waitFor(
      () => existsSync(lockFile) && (JSON.parse(readFileSync(lockFile, 'utf8')) as {pid: number}).pid === child.pid,
      'the deploy to take the site lock',
    )
    return {child, exited}
  }
  const auditLines = (): AuditRecord[] =>
    existsSync(auditFile)
      ? readFileSync(auditFile, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as AuditRecord)
      : []

  it('attack: run while a deploy holds the lock is refused; SIGINT then stops the deploy with an interrupted audit line and no lock file', async () => {
    const deploy = await deployHoldingTheLock()
    const run = kotadc(repo, 'run', 'base', '--yes', '--json')
    expect(run.status).toBe(1)
    expect(errorOf(run.stdout)).toMatchObject({
      code: 'SITE_LOCKED',
      message: expect.stringContaining(`kotadc deploy --phase base --yes --json, pid ${deploy.child.pid} of`),
    })

    const before = auditLines().length
    deploy.child.kill('SIGINT')
    expect(await deploy.exited).toEqual({code: 130, signal: null})
    expect(existsSync(lockFile)).toBe(false)
    const lines = auditLines().slice(before)
    expect(lines).toHaveLength(1)
    // The audit command is the command line as typed: `deploy` appears once.
    expect(lines[0]).toMatchObject({
      outcome: 'interrupted',
      signal: 'SIGINT',
      interruptedPhase: 'base',
      command: 'kotadc deploy --phase base --yes --json',
      site: 'locksite',
    })
  })

  it('attack: SIGTERM to a deploy holding the lock leaves an interrupted audit line and no lock file', async () => {
    const deploy = await deployHoldingTheLock()
    const before = auditLines().length
    deploy.child.kill('SIGTERM')
    expect(await deploy.exited).toEqual({code: 143, signal: null})
    expect(existsSync(lockFile)).toBe(false)
    expect(auditLines().slice(before)).toEqual([expect.objectContaining({outcome: 'interrupted', signal: 'SIGTERM'})])
  })

  it('attack: SIGTERM to a run holding the lock releases it (every locked command, not just deploy)', async () => {
    const run = startKotadc(repo, 'run', 'base', '--yes', '--json')
    await waitFor(
      () => existsSync(lockFile) && (JSON.parse(readFileSync(lockFile, 'utf8')) as {pid: number}).pid === run.child.pid,
      'the run to take the site lock',
    )
    run.child.kill('SIGTERM')
    expect(await run.exited).toEqual({code: 143, signal: null})
    expect(existsSync(lockFile)).toBe(false)
  })

  it('a test run that outlives its bound is stopped with SIGTERM and fails with its output; it leaves no lock for the next test', () => {
    // SSH to the silent host waits 10 s: longer than this bound, so the deploy is stopped while it holds the lock.
    expect(() => runKotadc(['deploy', '--phase', 'base', '--yes'], {cwd: repo, timeoutMs: 6000})).toThrow(
      /^kotadc deploy --phase base --yes did not finish within 6 s and was stopped \(SIGTERM\)\n--- stderr\n/,
    )
    expect(existsSync(lockFile)).toBe(false)
  })

  it('attack: a lock file left by a dead kotadc is reported with its path, holder and how to clear it, never taken over', () => {
    const dead = spawnSync(NODE, ['-e', '']).pid
    const left = `${JSON.stringify({pid: dead, host: hostname(), user: 'op', since: '2025-01-02T03:04:05.000Z', command: 'kotadc deploy --yes', nonce: 'left'})}\n`
    mkdirSync(dirname(lockFile), {recursive: true})
    writeFileSync(lockFile, left)
    try {
      const r = kotadc(repo, 'deploy', '--phase', 'base', '--yes')
      expect(r.status).toBe(1)
      expect(r.stderr).toContain(
        `the site lock ${lockFile} was left by kotadc deploy --yes, pid ${dead} of op@${hostname()} since 2025-01-02T03:04:05.000Z, which no longer runs on this machine  [SITE_LOCK_STALE]`,
      )
      expect(r.stderr).toContain(`check that \`ps -p ${dead}\` shows no kotadc`)
      expect(r.stderr).toContain(`remove ${lockFile} and run again`)
      expect(readFileSync(lockFile, 'utf8')).toBe(left)
    } finally {
      rmSync(lockFile, {force: true})
    }
  })

  // A deploy waits on its silent host only for the SSH ready timeout; a holder process keeps the lock as long as needed.
  it.each([
    ['exec', ['exec', 'web1', '--yes', '--json', '--', 'uptime']],
    ['backup run', ['backup', 'run', '--json']],
    ['backup prune', ['backup', 'prune', '--yes', '--json']],
    ['backup restore', ['backup', 'restore', 'anything', '--to', 'web1:/var/tmp/r', '--json']],
    ['backup drill', ['backup', 'drill', '--json']],
    ['pki init', ['pki', 'init', '--json']],
  ])('attack: %s while another process holds the site lock is refused with SITE_LOCKED naming it', async (_name, argv) => {
    const holder = new LockRacer('kotadc deploy --yes')
    try {
      expect(await holder.acquire(lockFile)).toMatchObject({won: true})
      const r = kotadc(repo, ...argv)
      expect(r.status).toBe(1)
      expect(errorOf(r.stdout)).toMatchObject({code: 'SITE_LOCKED', message: expect.stringContaining(`kotadc deploy --yes, pid ${holder.pid} of`)})
      await holder.release()
    } finally {
      holder.stop()
    }
    expect(existsSync(lockFile)).toBe(false)
  })
})
