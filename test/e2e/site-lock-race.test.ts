import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {NODE, REPO_ROOT} from '../helpers/cli.js'
import {LockRacer, type RacerAnswer} from '../helpers/lock-racer.js'

/** A pid that ran on this machine and has exited. */
const deadPid = (): number => spawnSync(NODE, ['-e', '']).pid

describe('the site lock file against real racing processes', () => {
  const racers: LockRacer[] = []
  let dir: string
  let file: string
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, 'dist/src/exec/lock/file-lock.js'))) throw new Error('dist/ is missing: run `npm run build` first')
    dir = mkdtempSync(join(tmpdir(), 'kotadc-race-'))
    file = join(dir, '.kotadc', 'dc1.lock')
    for (let i = 0; i < 3; i++) racers.push(new LockRacer())
  })
  afterAll(() => {
    racers.forEach((r) => r.stop())
    rmSync(dir, {recursive: true, force: true})
  })
  const race = (): Promise<RacerAnswer[]> => {
    const at = Date.now() + 15
    return Promise.all(racers.map((r) => r.acquire(file, at)))
  }

  it('attack: three processes race for a free lock 150 times: exactly one wins each time, the others are refused', async () => {
    for (let i = 0; i < 150; i++) {
      const answers = await race()
      const winners = answers.filter((a) => a.won)
      expect(winners, `round ${i}: ${JSON.stringify(answers)}`).toHaveLength(1)
      for (const a of answers.filter((x) => !x.won))
        expect(a).toMatchObject({code: 'SITE_LOCKED', message: expect.stringContaining(`pid ${winners[0]?.pid} of`)})
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({pid: winners[0]?.pid, command: 'kotadc racer'})
      await Promise.all(racers.map((r) => r.release()))
      expect(existsSync(file)).toBe(false)
    }
  }, 120_000)

  it('attack: a lock left by a dead process on this machine is reported as stale to every racer, and nobody takes it over', async () => {
    const pid = deadPid()
    const left = `${JSON.stringify({pid, host: hostname(), user: 'op', since: '2025-01-02T03:04:05.000Z', command: 'kotadc deploy --yes', nonce: 'dead'})}\n`
    writeFileSync(file, left)
    for (let i = 0; i < 20; i++) {
      for (const a of await race()) {
        expect(a).toMatchObject({won: false, code: 'SITE_LOCK_STALE'})
        expect(a.message).toContain(`${file} was left by kotadc deploy --yes, pid ${pid} of op@${hostname()} since 2025-01-02T03:04:05.000Z`)
        expect(a.hint).toContain(`remove ${file}`)
      }
    }
    expect(readFileSync(file, 'utf8')).toBe(left)
    rmSync(file)
  }, 60_000)

  it('attack: a lock held on another machine is never judged by a local pid, even one that does not run here', async () => {
    const left = `${JSON.stringify({pid: deadPid(), host: 'ops-other-machine', user: 'op', since: '2025-01-02T03:04:05.000Z', command: 'kotadc run base --yes', nonce: 'remote'})}\n`
    writeFileSync(file, left)
    for (let i = 0; i < 20; i++) {
      for (const a of await race())
        expect(a).toMatchObject({won: false, code: 'SITE_LOCKED', message: expect.stringContaining('of op@ops-other-machine since')})
    }
    expect(readFileSync(file, 'utf8')).toBe(left)
    rmSync(file)
  }, 60_000)
})
