import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import pg from 'pg'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {pgLock} from '../../../src/exec/lock/pg-lock.js'
import type {AuditRecord} from '../../../src/exec/audit.js'
import {appendAuditPg} from '../../../src/exec/audit.js'
import {currentHolder, withSiteLock} from '../../../src/services/site-lock.js'
import {kotadc, REPO_ROOT} from '../../helpers/cli.js'
import {requirePostgres, startPostgres, type TestPostgres} from '../../helpers/postgres.js'
import {startSilentHost, writeSilentHostInventory} from '../../helpers/silent-host-inventory.js'

const pgReq = requirePostgres()

describe.skipIf(!pgReq.ok)(`the site lock in PostgreSQL${pgReq.reason ? ` (${pgReq.reason})` : ''}`, () => {
  let db: TestPostgres
  beforeAll(async () => {
    db = await startPostgres()
  })
  afterAll(async () => db?.stop())

  it('attack: a second connection (another machine) cannot take a held site lock; the refusal names the holder; another site is free', async () => {
    const first = pgLock(db.connString, 'dc1', {...currentHolder('kotadc deploy --phase base'), host: 'ops-a'})
    await first.acquire()
    const err = await pgLock(db.connString, 'dc1', {...currentHolder('kotadc run base'), host: 'ops-b'}, {waitMs: 300, pollMs: 100})
      .acquire()
      .catch((e: unknown) => e)
    expect(err).toMatchObject({code: 'SITE_LOCKED', message: expect.stringContaining(`kotadc ${process.pid} `)})
    expect((err as Error).message).toContain('@ops-a: deploy --phase base (connected from 127.0.0.1 since')
    const other = pgLock(db.connString, 'dc2', currentHolder('kotadc deploy'))
    await other.acquire()
    await other.release()
    await first.release()
    const again = pgLock(db.connString, 'dc1', currentHolder('kotadc deploy'))
    await again.acquire()
    await again.release()
  })

  it('attack: `kotadc run` from another machine is refused while a session holds the site lock, and writes no lock file', async () => {
    if (!existsSync(join(REPO_ROOT, 'dist/src/commands/run.js'))) throw new Error('dist/ is missing: run `npm run build` first')
    const silent = await startSilentHost()
    const repo = mkdtempSync(join(tmpdir(), 'kotadc-pg-lock-'))
    const holder = pgLock(db.connString, 'locksite', {...currentHolder('kotadc deploy --yes'), host: 'ops-a'})
    try {
      writeSilentHostInventory(repo, silent.port, db.connString)
      await holder.acquire()
      const r = kotadc(repo, 'run', 'base', '--yes', '--json')
      expect(r.status).toBe(1)
      expect(JSON.parse(r.stdout)).toMatchObject({error: {code: 'SITE_LOCKED', message: expect.stringContaining('@ops-a: deploy --yes')}})
      expect(existsSync(join(repo, '.kotadc', 'locksite.lock'))).toBe(false)
    } finally {
      await holder.release()
      await silent.stop()
      rmSync(repo, {recursive: true, force: true})
    }
  })

  it('a waiting command gets the lock once the holder releases it within the wait', async () => {
    const first = pgLock(db.connString, 'dc1', currentHolder('first'))
    await first.acquire()
    const started = Date.now()
    setTimeout(() => void first.release(), 400)
    const order: string[] = []
    await withSiteLock(pgLock(db.connString, 'dc1', currentHolder('second'), {waitMs: 10_000, pollMs: 100}), async () => {
      order.push('second ran')
    })
    expect(order).toEqual(['second ran'])
    expect(Date.now() - started).toBeGreaterThanOrEqual(350)
  })

  it('a holder whose connection dies leaves no lock behind: nothing stale to clear', async () => {
    const client = new pg.Client({connectionString: db.connString})
    await client.connect()
    const first = pgLock(db.connString, 'dc3', currentHolder('dies'))
    await first.acquire()
    // Kill the holder's backend, as if the machine holding it lost power.
    await client.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name like '%: dies'`)
    await client.end()
    const next = pgLock(db.connString, 'dc3', currentHolder('next'), {waitMs: 5000, pollMs: 100})
    await next.acquire()
    await next.release()
    await first.release()
  })

  it('appends audit records to kotadc_audit, creating the table, interrupted ones too', async () => {
    const record: AuditRecord = {
      at: '2025-01-02T03:04:05.000Z',
      user: 'op',
      host: 'ws1',
      command: 'kotadc deploy',
      site: 'dc1',
      env: null,
      inventoryCommit: null,
      dirty: false,
      phases: [{name: 'base', status: 'changed', changed: true, failed: false, changes: ['web1: a task']}],
      outcome: 'succeeded',
      durationMs: 12,
    }
    await appendAuditPg(db.connString, record)
    await appendAuditPg(db.connString, {...record, outcome: 'failed', error: 'TASK_FAILED'})
    await appendAuditPg(db.connString, {...record, outcome: 'interrupted', signal: 'SIGTERM', interruptedPhase: 'containers'})
    const client = new pg.Client({connectionString: db.connString})
    await client.connect()
    const rows = await client.query<{outcome: string; record: AuditRecord}>('select outcome, record from kotadc_audit order by id')
    await client.end()
    expect(rows.rows.map((r) => [r.outcome, r.record.error ?? r.record.signal])).toEqual([
      ['succeeded', undefined],
      ['failed', 'TASK_FAILED'],
      ['interrupted', 'SIGTERM'],
    ])
  })
})
