import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import pg from 'pg'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {GENESIS} from '../../../src/audit/chain.js'
import type {AuditRecord} from '../../../src/exec/audit.js'
import {appendAuditPg} from '../../../src/exec/audit.js'
import {runKotadc} from '../../helpers/cli.js'
import {freePort} from '../../helpers/free-port.js'
import {requirePostgres, startPostgres, type TestPostgres} from '../../helpers/postgres.js'
import {writeSilentHostInventory} from '../../helpers/silent-host-inventory.js'

// The audit hash chain in the pg backend's kotadc_audit table (jsonb reorders keys: the canonical form must not care),
// read by `kotadc audit log|verify` through the built CLI on an inventory whose backend is that database.
const pgReq = requirePostgres()

const record = (i: number): AuditRecord => ({
  at: new Date(Date.UTC(2026, 10, i, 8)).toISOString(),
  user: i === 2 ? 'budi' : 'andi',
  host: 'ws1',
  command: 'kotadc deploy --yes',
  site: 'locksite',
  env: null,
  inventoryCommit: null,
  dirty: false,
  phases: [{name: 'base', status: 'changed', changed: true, failed: false, changes: [`web1: task ${i}`]}],
  outcome: 'succeeded',
  durationMs: 10 * i,
})

describe.skipIf(!pgReq.ok)(`the audit chain in PostgreSQL${pgReq.reason ? ` (${pgReq.reason})` : ''}`, () => {
  let db: TestPostgres
  let dir: string
  const sql = async (text: string) => {
    const client = new pg.Client({connectionString: db.connString})
    await client.connect()
    try {
      return (await client.query(text)).rows as Record<string, unknown>[]
    } finally {
      await client.end()
    }
  }
  const kotadc = (...args: string[]) => runKotadc([...args, '-i', join(dir, 'inventory')], {cwd: dir})

  beforeAll(async () => {
    db = await startPostgres()
    dir = mkdtempSync(join(tmpdir(), 'kotadc-pg-audit-'))
    writeSilentHostInventory(dir, await freePort(), db.connString)
  })
  afterAll(async () => {
    await db?.stop()
    if (dir) rmSync(dir, {recursive: true, force: true})
  })

  it('rows are chained in id order, the first to GENESIS; audit log and verify read the table', async () => {
    for (let i = 1; i <= 3; i++) await appendAuditPg(db.connString, record(i))
    const rows = await sql('select record from kotadc_audit order by id')
    const recs = rows.map((r) => r.record as {prev: string; hash: string})
    expect(recs[0]?.prev).toBe(GENESIS)
    expect(recs[1]?.prev).toBe(recs[0]?.hash)
    const log = kotadc('audit', 'log', '--json')
    expect(log.status, log.stderr).toBe(0)
    expect(log.json()).toMatchObject({source: 'pg', where: 'table kotadc_audit of the pg backend'})
    expect(log.json().records.map((r: {seq: number; user: string}) => [r.seq, r.user])).toEqual([
      [3, 'andi'],
      [2, 'budi'],
      [1, 'andi'],
    ])
    const verify = kotadc('audit', 'verify', '--json')
    expect(verify.status, verify.stderr).toBe(0)
    expect(verify.json()).toMatchObject({source: 'pg', records: 3, intact: true, head: recs[2]?.hash})
  })

  it('an edited row and a deleted row are each named, and verify exits 1', async () => {
    await sql(`update kotadc_audit set record = jsonb_set(record, '{user}', '"mallory"') where id = 2`)
    const edited = kotadc('audit', 'verify')
    expect(edited.status, edited.stderr).toBe(1)
    expect(edited.stdout).toContain('line 2 was edited')
    await sql('delete from kotadc_audit where id = 2')
    const deleted = kotadc('audit', 'verify', '--json')
    expect(deleted.status).toBe(1)
    expect(deleted.json().breaks).toEqual([{line: 2, kind: 'out-of-order', message: expect.stringContaining('line 2 does not follow line 1')}])
  })
})
