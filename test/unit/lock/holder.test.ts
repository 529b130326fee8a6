import {describe, expect, it} from 'vitest'
import {describeHolder, judgeHolder, type LockHolder} from '../../../src/lock/holder.js'

const holder: LockHolder = {pid: 4242, host: 'ops1', user: 'op', since: '2025-01-02T03:04:05.000Z', command: 'kotadc deploy --yes', nonce: 'n1'}
const dead = () => false
const alive = () => true

describe('judgeHolder: the site lock rule', () => {
  it('a live holder on this machine holds the lock', () => {
    expect(judgeHolder(holder, 'ops1', alive)).toEqual({kind: 'held', holder})
  })

  it('a holder on this machine whose pid is gone is stale (reported, never taken over)', () => {
    expect(judgeHolder(holder, 'ops1', dead)).toEqual({kind: 'stale', holder})
  })

  it('attack: a holder on another machine is held even though its pid does not run here', () => {
    const asked: number[] = []
    expect(judgeHolder(holder, 'ops2', (pid) => (asked.push(pid), false))).toEqual({kind: 'held', holder})
    // Another machine's pid means nothing here: it is not even looked up.
    expect(asked).toEqual([])
  })

  it.each([
    ['not JSON at all', undefined],
    ['a torn or hand-edited file', {pid: 'x', host: 'ops1'}],
    ['another program’s JSON', {owner: 'someone'}],
  ])('%s is unreadable, never stale', (_what, found) => {
    expect(judgeHolder(found, 'ops1', dead)).toEqual({kind: 'unreadable'})
  })

  it('describes the holder with command, pid, user@host and since', () => {
    expect(describeHolder(holder)).toBe('kotadc deploy --yes, pid 4242 of op@ops1 since 2025-01-02T03:04:05.000Z')
  })
})
