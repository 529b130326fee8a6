import {describe, expect, it} from 'vitest'
import {parseClusters, parseLiveCluster} from '../../../src/databases/live.js'
import {desiredSettings, parseSettings, planSettings, renderSettings} from '../../../src/databases/settings.js'

describe('settings', () => {
  it('renders listen_addresses and scram-sha-256, and reads back what it wrote', () => {
    const s = desiredSettings(['localhost', '10.10.0.31'])
    const text = renderSettings(s)
    expect(text).toContain("listen_addresses = 'localhost,10.10.0.31'\npassword_encryption = 'scram-sha-256'\n")
    expect(parseSettings(text)).toEqual(s)
  })

  it('says what a change needs: listen_addresses a restart, password_encryption a reload', () => {
    const s = desiredSettings(['localhost', '10.10.0.31'])
    expect(planSettings(s, s)).toEqual({changed: [], action: 'none'})
    expect(planSettings({...s, password_encryption: 'md5'}, s)).toEqual({changed: ['password_encryption'], action: 'reload'})
    expect(planSettings({}, s)).toEqual({changed: ['listen_addresses', 'password_encryption'], action: 'restart'})
  })
})

describe('live state', () => {
  it('parses pg_lsclusters', () => {
    expect(
      parseClusters(
        '15  main    5432 online postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log\n16 other 5433 down postgres /x /y\n',
      ),
    ).toEqual([
      {version: '15', name: 'main', port: 5432, online: true},
      {version: '16', name: 'other', port: 5433, online: false},
    ])
    expect(parseClusters('')).toEqual([])
  })

  it('parses the live query, and refuses anything else', () => {
    const out = JSON.stringify({
      version: '15.8',
      hbaFile: '/etc/postgresql/15/main/pg_hba.conf',
      roles: [{name: 'x', login: true, superuser: false, password: null}],
      databases: [{name: 'd', owner: 'x', sizeBytes: 7, connections: 1}],
    })
    expect(parseLiveCluster(`${out}\n`)).toEqual({
      version: '15.8',
      hbaFile: '/etc/postgresql/15/main/pg_hba.conf',
      roles: [{name: 'x', login: true, superuser: false, password: null}],
      databases: [{name: 'd', owner: 'x', sizeBytes: 7, connections: 1}],
    })
    expect(parseLiveCluster('psql: error')).toBeUndefined()
    expect(parseLiveCluster('{}')).toBeUndefined()
  })
})
