import {execFileSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {isOpsError} from '../../../src/errors/ops-error.js'
import {loadInventory} from '../../../src/inventory/load.js'
import {readSnapshotFile} from '../../../src/services/report/snapshot-file.js'
import {snapshotOf} from '../../helpers/status-snapshot.js'

const dir = mkdtempSync(join(tmpdir(), 'kotadc-report-from-'))
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text)
  return join(dir, name)
}
const codeOf = async (path: string): Promise<unknown> =>
  readSnapshotFile(path).then(
    () => 'read',
    (e: unknown) => (isOpsError(e) ? {code: e.code, message: e.message, location: e.location} : e),
  )

describe('readSnapshotFile', () => {
  it('reads back what status --json saved', async () => {
    const s = snapshotOf((await loadInventory({dir: 'inventory', environ: {}})).inventory, {troubled: false})
    expect(await readSnapshotFile(file('ok.json', JSON.stringify(s)))).toEqual(s)
  })

  it('says what is wrong with a missing, empty, broken, old or failed file', async () => {
    expect(await codeOf(join(dir, 'nope.json'))).toMatchObject({code: 'REPORT_SNAPSHOT_UNREADABLE', message: expect.stringContaining('no such file')})
    expect(await codeOf(dir)).toMatchObject({code: 'REPORT_SNAPSHOT_UNREADABLE', message: expect.stringContaining('not a regular file')})
    expect(await codeOf(file('empty.json', ''))).toMatchObject({code: 'REPORT_SNAPSHOT_NOT_JSON', message: expect.stringContaining('empty')})
    expect(await codeOf(file('broken.json', '{\n  "version": 1,\n  "site": }\n'))).toMatchObject({
      code: 'REPORT_SNAPSHOT_NOT_JSON',
      location: {file: join(dir, 'broken.json'), line: 3, col: expect.any(Number)},
    })
    expect(await codeOf(file('old.json', '{"version": 0, "site": "x"}'))).toMatchObject({
      code: 'REPORT_SNAPSHOT_VERSION',
      message: expect.stringContaining('version 0'),
    })
    expect(await codeOf(file('failed.json', '{"error": {"code": "SSH_AUTH_FAILED", "message": "db1 refused the key"}}'))).toMatchObject({
      code: 'REPORT_SNAPSHOT_FAILED_RUN',
      message: expect.stringContaining('db1 refused the key [SSH_AUTH_FAILED]'),
    })
    expect(
      await codeOf(file('other.json', '{"version": 1, "site": "x", "env": null, "at": "2026-11-30T02:00:00Z", "overall": "ok", "hosts": {}}')),
    ).toMatchObject({
      code: 'REPORT_SNAPSHOT_INVALID',
      message: expect.stringMatching(/: problems: missing; hosts: expected a list, got an object; .*and 1 more$/),
    })
  })

  it('refuses a FIFO without waiting for a writer', async () => {
    const fifo = join(dir, 'fifo.json')
    execFileSync('mkfifo', [fifo])
    expect(await codeOf(fifo)).toMatchObject({code: 'REPORT_SNAPSHOT_UNREADABLE', message: expect.stringContaining('not a regular file')})
  })
})
