import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import pg from 'pg'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditRecord} from '../../../src/services/audit.js'
import {appendAuditPg} from '../../../src/services/audit.js'
import {currentHolder, fileLocker, pgLocker, withDeployLock} from '../../../src/services/deploy-lock.js'
import {requirePostgres, startPostgres, type TestPostgres} from '../../helpers/postgres.js'

const pgReq = requirePostgres()

describe.skipIf(!pgReq.ok)(`deploy lock in PostgreSQL${pgReq.reason ? ` (${pgReq.reason})` : ''}`, () => {
  let db: TestPostgres
  beforeAll(async () => {
    db = await startPostgres()
  })
  afterAll(async () => db?.stop())

  it('a second deploy of the same site fails with DEPLOY_LOCKED naming the holder; another site is not blocked', async () => {
    const first = await pgLocker(db.connString, 'dc1', currentHolder('kotadc deploy --phase base'))()
    const err = await pgLocker(db.connString, 'dc1', currentHolder('kotadc deploy'), {waitMs: 300, pollMs: 100})().catch((e: unknown) => e)
    expect(err).toMatchObject({code: 'DEPLOY_LOCKED', message: expect.stringContaining('kotadc deploy --phase base')})
    const other = await pgLocker(db.connString, 'dc2', currentHolder('kotadc deploy'))()
    await other.release()
    await first.release()
    const again = await pgLocker(db.connString, 'dc1', currentHolder('kotadc deploy'))()
    await again.release()
  })

  it('a waiting deploy gets the lock once the holder releases it within --lock-wait', async () => {
    const first = await pgLocker(db.connString, 'dc1', currentHolder('first'))()
    const started = Date.now()
    setTimeout(() => void first.release(), 400)
    const order: string[] = []
    await withDeployLock(pgLocker(db.connString, 'dc1', currentHolder('second'), {waitMs: 10_000, pollMs: 100}), async () => {
      order.push('second ran')
    })
    expect(order).toEqual(['second ran'])
    expect(Date.now() - started).toBeGreaterThanOrEqual(350)
  })

  it('a deploy whose connection dies leaves no lock behind', async () => {
    const client = new pg.Client({connectionString: db.connString})
    await client.connect()
    const first = await pgLocker(db.connString, 'dc3', currentHolder('dies'))()
    // Kill the holder's backend, as if the deploying machine lost power.
    await client.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name like 'kotadc: dies%'`)
    await client.end()
    await first.release()
    const next = await pgLocker(db.connString, 'dc3', currentHolder('next'), {waitMs: 2000, pollMs: 100})()
    await next.release()
  })

  it('appends audit records to kotadc_audit, creating the table', async () => {
    const record: AuditRecord = {at: '2025-01-02T03:04:05.000Z', user: 'op', host: 'ws1', command: 'kotadc deploy', site: 'dc1', env: null, inventoryCommit: null, dirty: false, phases: [{name: 'base', changed: true, failed: false}], outcome: 'succeeded', durationMs: 12}
    await appendAuditPg(db.connString, record)
    await appendAuditPg(db.connString, {...record, outcome: 'failed', error: 'TASK_FAILED'})
    const client = new pg.Client({connectionString: db.connString})
    await client.connect()
    const rows = await client.query<{outcome: string; record: AuditRecord}>('select outcome, record from kotadc_audit order by id')
    await client.end()
    expect(rows.rows.map((r) => [r.outcome, r.record.phases[0]?.name, r.record.error])).toEqual([['succeeded', 'base', undefined], ['failed', 'base', 'TASK_FAILED']])
  })
})

describe('deploy lock file', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kotadc-lock-'))
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('holds {pid, host, user, since} while held, refuses a second holder, and is gone after release even when fn throws', async () => {
    const file = join(dir, '.kotadc', 'deploy.lock')
    const boom = new Error('phase blew up')
    await expect(
      withDeployLock(fileLocker(file, currentHolder('kotadc deploy')), async () => {
        expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({pid: process.pid, command: 'kotadc deploy', since: expect.any(String), user: expect.any(String), host: expect.any(String)})
        await expect(fileLocker(file, currentHolder('second'))()).rejects.toMatchObject({code: 'DEPLOY_LOCKED'})
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(existsSync(file)).toBe(false)
  })
})
