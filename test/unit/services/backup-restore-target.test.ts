import {describe, expect, it} from 'vitest'
import {databaseRestoreTarget} from '../../../src/services/backup/restore.js'

describe('backup restore --database / --to', () => {
  it('--database NAME --to NEW_NAME: the dump of NAME into the new database NEW_NAME', () => {
    expect(databaseRestoreTarget({database: 'simpus', to: 'simpus_compare'})).toEqual({source: 'simpus', database: 'simpus_compare'})
  })

  it('--database NEW alone keeps its meaning (the one dump into NEW); --to HOST:PATH stays a scratch path', () => {
    expect(databaseRestoreTarget({database: 'simpus_restored'})).toEqual({database: 'simpus_restored'})
    expect(databaseRestoreTarget({to: 'db1:/var/tmp/r'})).toEqual({to: 'db1:/var/tmp/r'})
    expect(databaseRestoreTarget({database: 'x', to: 'db1:/var/tmp/r'})).toEqual({database: 'x', to: 'db1:/var/tmp/r'})
  })
})
