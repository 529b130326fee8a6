import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {loadInventory} from '../../src/inventory/load.js'
import {REPO_ROOT, runKotadc} from '../helpers/cli.js'
import {snapshotOf} from '../helpers/status-snapshot.js'

let dir: string
const at = (name: string): string => join(dir, name)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kotadc-report-cmd-'))
  const s = snapshotOf((await loadInventory({dir: join(REPO_ROOT, 'inventory'), environ: {}})).inventory, {troubled: false})
  writeFileSync(at('status.json'), JSON.stringify(s))
  writeFileSync(at('broken.json'), '{\n  "version": 1,\n  "site": }\n')
  writeFileSync(at('old.json'), JSON.stringify({...s, version: 0}))
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('kotadc report --from', () => {
  it('writes the page and says what it wrote; --json is the result', () => {
    const r = runKotadc(['report', '--from', at('status.json'), '--out', at('r.html')])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(
      /^wrote .*r\.html \(en, \d+ KiB\) from snapshot .*status\.json: site kotamobagu-dc at 2026-11-30T02:00:00\.000Z, all is well, 0 problems\n$/,
    )
    expect(readFileSync(at('r.html'), 'utf8')).toMatch(/^<!doctype html>/)
    const j = runKotadc(['report', '--from', at('status.json'), '--out', at('r.html'), '--lang', 'id', '--json'])
    expect(j.json()).toMatchObject({
      out: at('r.html'),
      lang: 'id',
      source: 'snapshot',
      overall: 'ok',
      problems: 0,
      bytes: statSync(at('r.html')).size,
    })
  })

  it('reads a snapshot piped in with --from -', () => {
    const r = runKotadc(['report', '--from', '-', '--out', at('piped.html'), '--json'], {input: readFileSync(at('status.json'), 'utf8')})
    expect(r.status, r.stderr).toBe(0)
    expect(r.json()).toMatchObject({source: 'snapshot', from: '-', site: 'kotamobagu-dc'})
    // The same snapshot gives the same bytes, piped or from a file.
    expect(runKotadc(['report', '--from', at('status.json'), '--out', at('file.html')]).status).toBe(0)
    expect(readFileSync(at('piped.html'), 'utf8')).toBe(readFileSync(at('file.html'), 'utf8'))
    const broken = runKotadc(['report', '--from', '-', '--out', at('piped.html')], {input: '{"version": 1,'})
    expect(broken.status).toBe(1)
    expect(broken.stderr).toContain('[REPORT_SNAPSHOT_NOT_JSON]')
  })

  it('names a broken file by line and column, an old one by its version, and leaves the last good page alone', () => {
    const before = readFileSync(at('r.html'), 'utf8')
    const broken = runKotadc(['report', '--from', at('broken.json'), '--out', at('r.html')])
    expect(broken.status).toBe(1)
    expect(broken.stderr).toContain(`${at('broken.json')}:3:`)
    expect(broken.stderr).toContain('[REPORT_SNAPSHOT_NOT_JSON]')
    expect(broken.stderr).not.toMatch(/^\s+at /m)
    const old = runKotadc(['report', '--from', at('old.json'), '--out', at('r.html'), '--json'])
    expect(old.status).toBe(1)
    expect(old.json().error).toMatchObject({
      code: 'REPORT_SNAPSHOT_VERSION',
      message: expect.stringContaining('format version 0; this kotadc reads version 1'),
    })
    expect(readFileSync(at('r.html'), 'utf8')).toBe(before)
  })

  it('refuses an output in a missing directory, and a language it does not have', () => {
    const out = runKotadc(['report', '--from', at('status.json'), '--out', at('no/such/dir/r.html')])
    expect(out.status).toBe(1)
    expect(out.stderr).toContain('its directory does not exist  [REPORT_OUT_UNWRITABLE]')
    const lang = runKotadc(['report', '--from', at('status.json'), '--out', at('r.html'), '--lang', 'fr'])
    expect(lang.status).toBe(2)
    expect(lang.stderr).toContain('en, id')
  })
})
