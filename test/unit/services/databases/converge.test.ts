import {describe, expect, it} from 'vitest'
import {desiredCluster} from '../../../../src/databases/desired.js'
import {Secret} from '../../../../src/inventory/secret.js'
import type {SecretStore} from '../../../../src/inventory/secrets.js'
import {convergeCluster} from '../../../../src/services/databases/converge.js'
import {FakeShell} from '../../../helpers/fake-shell.js'
import {smallInventory} from '../../../helpers/small-inventory.js'

const PASSWORD = 'hunter2-the-real-one'
const store: SecretStore = {names: () => ['SIMPUS_DB_PASSWORD'], has: (n) => n === 'SIMPUS_DB_PASSWORD', get: (n) => new Secret(n, PASSWORD)}
const inv = smallInventory()
const db1 = inv.hosts.find((h) => h.name === 'db1')!
const CLUSTERS = '15  main    5432 online postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log\n'
const LIVE = JSON.stringify({
  version: '15.8',
  hbaFile: '/etc/postgresql/15/main/pg_hba.conf',
  roles: [{name: 'postgres', login: true, superuser: true, password: null}],
  databases: [{name: 'postgres', owner: 'postgres', sizeBytes: 1, connections: 1}],
})
const SETTINGS = "listen_addresses = 'localhost,10.10.0.31'\npassword_encryption = 'scram-sha-256'\n"

describe('convergeCluster', () => {
  it('check mode reads and reports, SQL with the password masked, and changes nothing', async () => {
    const shell = new FakeShell('db1')
      .expectRun(/pg_lsclusters --no-header/, {stdout: CLUSTERS})
      .expectRun(/conf\.d\/kotadc\.conf/, {stdout: ''})
      .expectRun(/runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres -At$/, {stdout: LIVE}, {stdin: /json_build_object/})
      .expectRun(/pg_hba\.conf/, {stdout: 'local all postgres peer\n'})
    const reports = await convergeCluster(shell, db1, desiredCluster(inv, db1), {check: true, token: () => 'tok123', secrets: store})
    shell.done()
    expect(reports.map((r) => [r.status, r.summary])).toEqual([
      ['changed', 'listen_addresses, password_encryption would change: restart (listen_addresses needs one)'],
      ['changed', `would create login role simpus-db (password from secret SIMPUS_DB_PASSWORD): CREATE ROLE "simpus-db" LOGIN PASSWORD '***';`],
      ['changed', 'would create database simpus owned by simpus-db: CREATE DATABASE "simpus" OWNER "simpus-db";'],
      [
        'changed',
        'would change: + host "simpus" "simpus-db" 10.10.0.21/32 scram-sha-256; + host all all 0.0.0.0/0 reject; + host all all ::/0 reject',
      ],
    ])
    expect(JSON.stringify(reports)).not.toContain('SCRAM-SHA-256$')
  })

  it('plan before the first deploy: PostgreSQL not installed yet is a pending change, not a failure', async () => {
    const shell = new FakeShell('db1').expectRun(/command -v pg_lsclusters/, {stdout: 'kotadc:postgresql-not-installed\n'})
    const reports = await convergeCluster(shell, db1, desiredCluster(inv, db1), {check: true, token: () => 'tok123', secrets: store})
    shell.done()
    expect(reports).toEqual([
      expect.objectContaining({name: 'postgresql', status: 'changed', summary: expect.stringContaining('create role simpus-db, database simpus')}),
    ])
  })

  it('a failing psql script fails the SQL steps with a masked error and leaves pg_hba.conf alone', async () => {
    let sentVerifier = ''
    const shell = new FakeShell('db1')
      .expectRun(/pg_lsclusters/, {stdout: CLUSTERS})
      .expectRun(/kotadc\.conf/, {stdout: SETTINGS})
      .expectRun(/-At$/, {stdout: LIVE})
      .expectRun(/pg_hba\.conf/, {stdout: ''})
      .expectRun(/ON_ERROR_STOP=1 -d postgres$/, {exitCode: 3, stderr: ''}, {stdin: /^SET log_statement = 'none';\n/})
    // The server echoes the failing statement: the verifier in it must not reach the report.
    const original = shell.run.bind(shell)
    shell.run = async (script, opts) => {
      const r = await original(script, opts)
      if (r.exitCode !== 3) return r
      sentVerifier = /PASSWORD '([^']+)'/.exec(String(opts?.stdin))?.[1] ?? ''
      return {...r, stderr: `ERROR:  boom\nLINE 1: CREATE ROLE "simpus-db" LOGIN PASSWORD '${sentVerifier}'`}
    }
    const reports = await convergeCluster(shell, db1, desiredCluster(inv, db1), {check: false, token: () => 'tok123', secrets: store})
    shell.done()
    expect(sentVerifier).toMatch(/^SCRAM-SHA-256\$4096:/)
    expect(shell.runs.map((r) => r.stdin ?? '').join('\n')).not.toContain(PASSWORD)
    expect(reports.map((r) => [r.name, r.status])).toEqual([
      ['settings /etc/postgresql/15/main/conf.d/kotadc.conf', 'ok'],
      ['role', 'failed'],
      ['database', 'failed'],
    ])
    expect(reports[1]?.error?.code).toBe('DB_COMMAND_FAILED')
    const text = JSON.stringify(reports)
    expect(text).toContain("PASSWORD '***'")
    expect(text).not.toContain(sentVerifier)
    expect(text).not.toContain(PASSWORD)
  })
})
