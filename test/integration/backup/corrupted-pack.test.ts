import {randomBytes} from 'node:crypto'
import {execFileSync, spawnSync} from 'node:child_process'
import {closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {checksumCheck} from '../../../src/backup/drill.js'
import {READ_CYCLE_PARTS} from '../../../src/backup/read-subset.js'
import {verifyScript} from '../../../src/backup/verify-script.js'
import {requireBinary} from '../../helpers/require.js'

// A real restic repository with one data pack damaged on disk, as a failing disk or a bad copy leaves it.
const need = requireBinary('restic', 'bash', 'flock')

describe.skipIf(!need.ok)('a corrupted pack in a real restic repository', {timeout: 120_000}, () => {
  let dir: string
  let damaged: string
  const repo = () => path.join(dir, 'repo')
  const env = () => ({
    ...process.env,
    RESTIC_REPOSITORY: repo(),
    RESTIC_PASSWORD_FILE: path.join(dir, 'pw'),
    RESTIC_CACHE_DIR: path.join(dir, 'cache'),
  })
  const restic = (...args: string[]) => spawnSync('restic', args, {encoding: 'utf8', env: env(), timeout: 60_000})
  const script = () => {
    const file = path.join(dir, 'verify.sh')
    writeFileSync(
      file,
      verifyScript({
        host: 'src1',
        policy: 'standard',
        repositoryUrl: repo(),
        resticOptions: [],
        passwordFile: path.join(dir, 'pw'),
        stateDir: path.join(dir, 'state'),
      }),
      {mode: 0o755},
    )
    return file
  }
  const runVerify = (...args: string[]) =>
    spawnSync('bash', [script(), ...args], {encoding: 'utf8', env: {...process.env, RESTIC_CACHE_DIR: path.join(dir, 'cache')}, timeout: 60_000})

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kotadc-pack-'))
    writeFileSync(path.join(dir, 'pw'), 'correct horse battery staple\n', {mode: 0o600})
    mkdirSync(path.join(dir, 'data'))
    // Random bytes do not deduplicate or compress: the file's content lands in a data pack of its own.
    writeFileSync(path.join(dir, 'data', 'records.bin'), randomBytes(3 * 1024 * 1024))
    execFileSync('restic', ['init'], {env: env(), stdio: 'ignore'})
    execFileSync('restic', ['backup', '--host', 'src1', path.join(dir, 'data')], {env: env(), stdio: 'ignore'})
    const packs = readdirSync(path.join(repo(), 'data'), {recursive: true, withFileTypes: true})
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
    damaged = packs.reduce((a, b) => (statSync(a).size >= statSync(b).size ? a : b))
    // Flip bytes in the middle of the biggest pack: its header still parses, one blob no longer decrypts.
    const fd = openSync(damaged, 'r+')
    const middle = Math.floor(statSync(damaged).size / 2)
    writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, middle)
    closeSync(fd)
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('is invisible to a structural check: only reading the data back finds it', () => {
    expect(restic('check').status).toBe(0)
  })

  it('the weekly check reads every pack within its cycle: exactly one part finds the damaged pack and the run fails', () => {
    const runs = Array.from({length: READ_CYCLE_PARTS}, (_, i) => ({part: i + 1, r: runVerify(String(i + 1))}))
    const failed = runs.filter((x) => x.r.status !== 0)
    expect(failed.map((x) => x.r.status)).toEqual([1])
    const [bad] = failed
    expect(bad!.r.stderr).toContain(`kotadc-verify standard: read part ${bad!.part}/${READ_CYCLE_PARTS} of the pack files back: ERRORS`)
    expect(bad!.r.stderr).toContain(path.basename(damaged).slice(0, 8))
    // The verdict file holds the last run's outcome.
    const last = runs.at(-1)!
    expect(readFileSync(path.join(dir, 'state', 'standard.verify'), 'utf8')).toMatch(
      last.r.status === 0 ? new RegExp(`part ${last.part}/${READ_CYCLE_PARTS} ok`) : /FAILED/,
    )
    for (const ok of runs.filter((x) => x.r.status === 0))
      expect(ok.r.stderr).toContain(`read part ${ok.part}/${READ_CYCLE_PARTS} of the pack files back: no errors`)
  })

  it('without an argument the part comes from the week of the year; a part outside the cycle is refused', () => {
    const week = Number(execFileSync('date', ['+%V'], {encoding: 'utf8'}))
    const r = runVerify()
    expect(r.stderr).toContain(`read part ${(week % READ_CYCLE_PARTS) + 1}/${READ_CYCLE_PARTS}`)
    expect(runVerify('5').status).toBe(2)
    expect(runVerify('x; touch PWNED').status).toBe(2)
  })

  it('a drill restore with --verify of the damaged snapshot fails its checksum check', () => {
    const r = restic('restore', 'latest', '--target', path.join(dir, 'restored'), '--verify')
    const check = checksumCheck(r.status, `${r.stdout}\n${r.stderr}`)
    expect(r.status).not.toBe(0)
    expect(check.ok).toBe(false)
  })
})
