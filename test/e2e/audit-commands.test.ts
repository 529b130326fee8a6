import {cpSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'
import {appendAuditFile, type AuditRecord} from '../../src/exec/audit.js'
import {AUDIT_FILE} from '../../src/services/audit/trail.js'
import {REPO_ROOT, runKotadc} from '../helpers/cli.js'

// `kotadc audit log|show|verify` on a real audit file written by the deploy's own appender, through the built CLI.
const record = (i: number, user = 'andi', outcome: AuditRecord['outcome'] = 'succeeded'): AuditRecord => ({
  at: new Date(Date.UTC(2026, 10, i, 9)).toISOString(),
  user,
  host: 'admin1',
  command: 'kotadc deploy --yes',
  site: 'kotamobagu-dc',
  env: null,
  inventoryCommit: `${i}`.padStart(40, 'a'),
  dirty: false,
  phases: [{name: 'base', status: 'changed', changed: true, failed: false, changes: [`docker1: task ${i}`]}],
  outcome,
  ...(outcome === 'failed' ? {error: 'SSH_UNREACHABLE'} : {}),
  durationMs: 1000 * i,
})

describe('kotadc audit log, show and verify', () => {
  let dir: string
  let file: string
  const kotadc = (...args: string[]) => runKotadc([...args, '-i', join(dir, 'inventory')], {cwd: dir})
  const lines = () => readFileSync(file, 'utf8').split('\n').filter(Boolean)

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kotadc-audit-'))
    cpSync(join(REPO_ROOT, 'inventory'), join(dir, 'inventory'), {recursive: true, filter: (src) => !src.endsWith('envs/lab.yaml')})
    file = join(dir, AUDIT_FILE)
    for (let i = 1; i <= 4; i++) await appendAuditFile(file, record(i, i === 3 ? 'budi' : 'andi', i === 4 ? 'failed' : 'succeeded'))
  })

  it('log lists deploys newest first, filtered by --user and --since; show gives one in full', () => {
    const log = kotadc('audit', 'log', '--json')
    expect(log.status, log.stderr).toBe(0)
    expect(log.json().records.map((r: {seq: number}) => r.seq)).toEqual([4, 3, 2, 1])
    expect(
      kotadc('audit', 'log', '--user', 'budi', '--json')
        .json()
        .records.map((r: {seq: number}) => r.seq),
    ).toEqual([3])
    expect(kotadc('audit', 'log', '--since', '2026-11-03', '--json').json().records).toHaveLength(2)
    const human = kotadc('audit', 'log')
    expect(human.stdout).toMatch(/4 +2026-11-04 09:00:00Z +andi@admin1 +- +FAILED SSH_UNREACHABLE/)
    const show = kotadc('audit', 'show', '2')
    expect(show.status, show.stderr).toBe(0)
    expect(show.stdout).toContain('docker1: task 2')
    const missing = kotadc('audit', 'show', '9', '--json')
    expect(missing.status).toBe(1)
    expect(missing.json().error.code).toBe('AUDIT_RECORD_NOT_FOUND')
    const bad = kotadc('audit', 'log', '--since', 'last week', '--json')
    expect([bad.status, bad.json().error.code]).toEqual([1, 'AUDIT_SINCE_INVALID'])
  })

  it('verify passes an intact file and reports its head', () => {
    const r = kotadc('audit', 'verify', '--json')
    expect(r.status, r.stderr).toBe(0)
    expect(r.json()).toMatchObject({records: 4, intact: true, breaks: [], head: JSON.parse(lines()[3] as string).hash})
  })

  it('verify exits 1 and names the line when a line is edited, deleted or two lines are swapped', () => {
    const original = lines()
    const check = (changed: string[], line: number, words: RegExp) => {
      writeFileSync(file, `${changed.join('\n')}\n`)
      const r = kotadc('audit', 'verify')
      expect(r.status, r.stdout + r.stderr).toBe(1)
      expect(r.stdout).toMatch(new RegExp(`line ${line} ${words.source}`))
    }
    check(
      original.map((l, i) => (i === 1 ? l.replace('"andi"', '"mallory"') : l)),
      2,
      /was edited/,
    )
    check(
      original.filter((_, i) => i !== 2),
      3,
      /does not follow line 2/,
    )
    check([original[0], original[2], original[1], original[3]] as string[], 2, /does not follow line 1/)
  })

  it('a file from before the hash chain says so and still verifies; deploys after it are chained to it', async () => {
    const legacy = [record(1), record(2)].map((r) => JSON.stringify(r)).join('\n')
    writeFileSync(file, `${legacy}\n`)
    await appendAuditFile(file, record(3))
    const r = kotadc('audit', 'verify')
    expect(r.status, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toContain('the first 2 records were written before kotadc hashed its audit records')
    expect(r.stdout).toContain('3 records, chain intact')
  })
})
