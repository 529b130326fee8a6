import {describe, expect, it} from 'vitest'
import {clientAddresses, desiredCluster, passwordSecretOf} from '../../../src/databases/desired.js'
import type {LiveCluster} from '../../../src/databases/live.js'
import {applyScript, planCluster} from '../../../src/databases/plan.js'
import {scramVerifier} from '../../../src/databases/scram.js'
import type {Inventory, PostgresWorkload} from '../../../src/inventory/model.js'
import {smallInventory} from '../../helpers/small-inventory.js'

const inv = (): Inventory => smallInventory()
const db1 = (i: Inventory) => i.hosts.find((h) => h.name === 'db1')!
const PASSWORD = 'pa\'ss"word; DROP'
const fixedVerifier = (pw: string) => scramVerifier(pw, Buffer.alloc(16, 1))

const empty = (): LiveCluster => ({
  version: '15.8',
  hbaFile: '/etc/postgresql/15/main/pg_hba.conf',
  roles: [{name: 'postgres', login: true, superuser: true, password: null}],
  databases: [{name: 'postgres', owner: 'postgres', sizeBytes: 1, connections: 0}],
})
const plan = (i: Inventory, live: LiveCluster, hbaText = 'local all postgres peer\n') =>
  planCluster({desired: desiredCluster(i, db1(i)), live, hbaText, password: () => PASSWORD, verifier: fixedVerifier})

describe('desiredCluster', () => {
  it("one login role per postgres workload, its databases, and pg_hba lines from the agency's docker hosts and VMs only", () => {
    const i = inv()
    const d = desiredCluster(i, db1(i))
    expect(d.listen).toEqual(['localhost', '10.10.0.31'])
    expect(d.roles).toEqual([{name: 'simpus-db', workload: 'simpus-db', agency: 'dinkes', passwordSecret: 'SIMPUS_DB_PASSWORD'}])
    expect(d.databases).toEqual([{name: 'simpus', owner: 'simpus-db'}])
    expect(d.hba).toEqual([{database: 'simpus', role: 'simpus-db', address: '10.10.0.21'}])
    expect(clientAddresses(i, 'setda').sort()).toEqual(['10.20.0.50', '10.20.0.51'])
  })

  it('names the password secret after the workload (without a trailing -db), unless the workload names one', () => {
    expect(passwordSecretOf({name: 'simpus-db'})).toBe('SIMPUS_DB_PASSWORD')
    expect(passwordSecretOf({name: 'e-office'})).toBe('E_OFFICE_DB_PASSWORD')
    expect(passwordSecretOf({name: 'db'})).toBe('DB_DB_PASSWORD')
    expect(passwordSecretOf({name: 'simpus-db', passwordSecret: 'DINKES_SIMPUS_PG'})).toBe('DINKES_SIMPUS_PG')
  })

  it('refuses a database two workloads list, and a postgres workload on a host without role database', () => {
    const i = inv()
    i.workloads.push({
      name: 'other-db',
      agency: 'setda',
      kind: 'postgres',
      host: 'db1',
      databases: ['simpus'],
      at: {file: 'inventory/agencies/setda.yaml', line: 30, col: 5},
    })
    expect(() => desiredCluster(i, db1(i))).toThrow(expect.objectContaining({code: 'DB_DATABASE_CLAIMED_TWICE'}))
    const j = inv()
    db1(j).roles = ['backup']
    expect(() => desiredCluster(j, db1(j))).toThrow(expect.objectContaining({code: 'DB_HOST_NOT_DATABASE'}))
  })
})

describe('planCluster', () => {
  it('on an empty cluster: creates the role with a verifier (never the password) and the database, and writes the pg_hba block first', () => {
    const p = plan(inv(), empty())
    expect(p.steps.map((s) => s.kind)).toEqual(['create-role', 'create-database'])
    expect(p.steps.map((s) => s.sql.display)).toEqual([
      `CREATE ROLE "simpus-db" LOGIN PASSWORD '***';`,
      'CREATE DATABASE "simpus" OWNER "simpus-db";',
    ])
    expect(p.steps[0]!.sql.wire).toBe(`CREATE ROLE "simpus-db" LOGIN PASSWORD '${fixedVerifier(PASSWORD)}';`)
    const script = applyScript(p.steps, 'wire')
    expect(script).not.toContain("pa'ss")
    expect(script.split('\n').slice(0, 4)).toEqual([
      "SET log_statement = 'none';",
      "SET log_min_error_statement = 'panic';",
      'SET log_min_duration_statement = -1;',
      'SET track_activities = off;',
    ])
    expect(p.hba.added).toContain('host "simpus" "simpus-db" 10.10.0.21/32 scram-sha-256')
    expect(p.hba.content.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^# BEGIN kotadc/),
      'host "simpus" "simpus-db" 10.10.0.21/32 scram-sha-256',
    ])
    expect(p.hba.content).toContain('host all all 0.0.0.0/0 reject\nhost all all ::/0 reject\n# END kotadc\nlocal all postgres peer\n')
  })

  it('once applied: nothing to do, and the block is replaced, not added twice', () => {
    const first = plan(inv(), empty())
    const live = empty()
    live.roles.push({name: 'simpus-db', login: true, superuser: false, password: scramVerifier(PASSWORD, Buffer.alloc(16, 9))})
    live.databases.push({name: 'simpus', owner: 'simpus-db', sizeBytes: 1, connections: 0})
    const again = plan(inv(), live, first.hba.content)
    expect(again.steps).toEqual([])
    expect(again.hba).toMatchObject({added: [], removed: [], changed: false, content: first.hba.content})
  })

  it('a rotated secret sets the password; a hand-made owner and login changes are put back', () => {
    const live = empty()
    live.roles.push({name: 'simpus-db', login: false, superuser: false, password: scramVerifier('old', Buffer.alloc(16, 9))})
    live.databases.push({name: 'simpus', owner: 'postgres', sizeBytes: 1, connections: 0})
    expect(plan(inv(), live).steps.map((s) => [s.kind, s.sql.display])).toEqual([
      ['role-login', 'ALTER ROLE "simpus-db" LOGIN;'],
      ['set-password', `ALTER ROLE "simpus-db" PASSWORD '***';`],
      ['database-owner', 'ALTER DATABASE "simpus" OWNER TO "simpus-db";'],
    ])
  })

  it('never drops: roles and databases the inventory no longer names are reported, and no statement removes anything', () => {
    const live = empty()
    live.roles.push(
      {name: 'ppdb-db', login: true, superuser: false, password: null},
      {name: 'pg_monitor', login: false, superuser: false, password: null},
      {name: 'admin', login: true, superuser: true, password: null},
    )
    live.databases.push(
      {name: 'ppdb', owner: 'ppdb-db', sizeBytes: 1, connections: 2},
      {name: 'simpus_restored', owner: 'postgres', sizeBytes: 1, connections: 0},
    )
    const p = plan(inv(), live, 'host "ppdb" "ppdb-db" 10.9.9.9/32 scram-sha-256\n')
    expect(p.unmanaged).toEqual({roles: ['ppdb-db'], databases: ['ppdb', 'simpus_restored']})
    for (const s of p.steps) expect(s.sql.wire).not.toMatch(/\b(DROP|REVOKE|DELETE|TRUNCATE)\b/i)
    // A hand-added line outside the block stays where it was, after the block's reject lines.
    expect(p.hba.content.endsWith('# END kotadc\nhost "ppdb" "ppdb-db" 10.9.9.9/32 scram-sha-256\n')).toBe(true)
  })

  it('a hand edit inside the block shows as lines removed and added', () => {
    const first = plan(inv(), empty())
    const edited = first.hba.content.replace('10.10.0.21/32', '0.0.0.0/0')
    const p = plan(inv(), empty(), edited)
    expect(p.hba.removed).toEqual(['host "simpus" "simpus-db" 0.0.0.0/0 scram-sha-256'])
    expect(p.hba.added).toEqual(['host "simpus" "simpus-db" 10.10.0.21/32 scram-sha-256'])
  })

  it('quotes names with quotes and dashes in SQL, and refuses them where pg_hba.conf cannot hold them', () => {
    const i = inv()
    const w = i.workloads[1] as PostgresWorkload
    w.name = 'we"ird-db'
    w.databases = ['my-db']
    i.workloads = i.workloads.filter((x) => x.kind === 'postgres')
    const p = plan(i, empty())
    expect(p.steps.map((s) => s.sql.display)).toEqual([
      `CREATE ROLE "we""ird-db" LOGIN PASSWORD '***';`,
      'CREATE DATABASE "my-db" OWNER "we""ird-db";',
    ])
    const j = inv()
    ;(j.workloads[1] as PostgresWorkload).name = 'we"ird-db'
    expect(() => plan(j, empty())).toThrow(expect.objectContaining({code: 'DB_UNSAFE_VALUE'}))
  })

  it("refuses a workload named like PostgreSQL's own roles or a superuser", () => {
    const i = inv()
    ;(i.workloads[1] as PostgresWorkload).name = 'postgres'
    expect(() => plan(i, empty())).toThrow(expect.objectContaining({code: 'DB_UNSAFE_VALUE'}))
    const live = empty()
    live.roles.push({name: 'simpus-db', login: true, superuser: true, password: null})
    expect(() => plan(inv(), live)).toThrow(expect.objectContaining({code: 'DB_UNSAFE_VALUE'}))
  })
})
