import {describe, expect, it} from 'vitest'
import {renderDbList} from '../../../../src/cli/render/db-list.js'
import {plain} from '../../../../src/cli/style.js'

describe('renderDbList', () => {
  it('one row per database with human sizes; kept databases and unreachable hosts say so', () => {
    const text = renderDbList(
      {
        databases: [
          {host: 'db1', name: 'simpus', owner: 'simpus-db', sizeBytes: 7_654_321, connections: 3, workload: 'simpus-db'},
          {host: 'db1', name: 'leftover', owner: 'postgres', sizeBytes: 512, connections: 0, workload: null},
        ],
        unreachable: [{host: 'db2', error: {code: 'SSH_CONNECT_FAILED', family: 'external', message: 'connection refused', exitCode: 3}}],
      },
      plain,
    )
    expect(text.split('\n')).toEqual([
      'HOST  DATABASE  OWNER         SIZE  CONNECTIONS  WORKLOAD',
      'db1   simpus    simpus-db  7.3 MiB            3  simpus-db',
      'db1   leftover  postgres     512 B            0  not in the inventory (kept)',
      'db2: connection refused  [SSH_CONNECT_FAILED]',
    ])
  })
})
