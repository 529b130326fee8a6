import pg from 'pg'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {desiredCluster} from '../../../src/databases/desired.js'
import {LIVE_QUERY, parseLiveCluster} from '../../../src/databases/live.js'
import {applyScript, planCluster} from '../../../src/databases/plan.js'
import {scramMatches, scramVerifier} from '../../../src/databases/scram.js'
import type {Inventory, PostgresWorkload} from '../../../src/inventory/model.js'
import {requirePostgres, startPostgres, type TestPostgres} from '../../helpers/postgres.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const pgReq = requirePostgres()

// The SQL the databases phase sends, run on a real server: quoting, verifiers and the live query agree with PostgreSQL.
describe.skipIf(!pgReq.ok)(`databases SQL on a real PostgreSQL${pgReq.reason ? ` (${pgReq.reason})` : ''}`, () => {
  let db: TestPostgres
  let client: pg.Client
  beforeAll(async () => {
    db = await startPostgres()
    client = new pg.Client({connectionString: db.connString})
    await client.connect()
  }, 120_000)
  afterAll(async () => {
    await client?.end()
    await db?.stop()
  })

  const live = async () =>
    parseLiveCluster(JSON.stringify(((await client.query(LIVE_QUERY)).rows[0] as {json_build_object: unknown}).json_build_object))

  it('a verifier kotadc makes is stored as it is, and one PostgreSQL makes from a password matches that password', async () => {
    await client.query("SET password_encryption = 'scram-sha-256'")
    await client.query(`CREATE ROLE made_by_server LOGIN PASSWORD 'pencil'`)
    const mine = scramVerifier('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'))
    await client.query(`CREATE ROLE made_by_kotadc LOGIN PASSWORD '${mine}'`)
    const rows = (await client.query(`SELECT rolname, rolpassword FROM pg_authid WHERE rolname LIKE 'made_by_%' ORDER BY 1`)).rows as {
      rolname: string
      rolpassword: string
    }[]
    expect(rows[0]).toEqual({rolname: 'made_by_kotadc', rolpassword: mine})
    expect(scramMatches(rows[1]!.rolpassword, 'pencil')).toBe(true)
    expect(scramMatches(rows[1]!.rolpassword, 'pencil2')).toBe(false)
  })

  it('the applied script creates a role and database with quotes and dashes in their names; a second plan is empty and nothing is dropped', async () => {
    const inv: Inventory = smallInventory()
    const w = inv.workloads.find((x) => x.kind === 'postgres') as PostgresWorkload
    w.name = 'sim"pus-db'
    w.databases = ['simpus', 'my-db']
    // pg_hba.conf cannot hold a `"`: this test exercises SQL only, so the agency gets no client address.
    inv.workloads = inv.workloads.filter((x) => x.kind === 'postgres')
    const host = inv.hosts.find((h) => h.name === 'db1')!
    const password = 'it\'s "quoted"; DROP ROLE postgres; --'
    const input = (l: NonNullable<Awaited<ReturnType<typeof live>>>) => ({
      desired: desiredCluster(inv, host),
      live: l,
      hbaText: '',
      password: () => password,
      verifier: (p: string) => scramVerifier(p, Buffer.alloc(16, 3)),
    })
    const first = planCluster(input((await live())!))
    expect(first.steps.map((s) => s.kind)).toEqual(['create-role', 'create-database', 'create-database'])
    await client.query('CREATE DATABASE leftover')
    for (const stmt of applyScript(first.steps, 'wire').trim().split('\n')) await client.query(stmt)
    const after = (await live())!
    expect(after.databases.filter((d) => d.name !== 'postgres').map((d) => [d.name, d.owner])).toEqual([
      ['leftover', 'postgres'],
      ['my-db', 'sim"pus-db'],
      ['simpus', 'sim"pus-db'],
    ])
    expect(scramMatches(after.roles.find((r) => r.name === 'sim"pus-db')?.password, password)).toBe(true)
    const second = planCluster(input(after))
    expect(second.steps).toEqual([])
    expect(second.unmanaged.databases).toEqual(['leftover'])
  })
})
